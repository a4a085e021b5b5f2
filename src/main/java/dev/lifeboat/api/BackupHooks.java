package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * Commands run around the copy: every pre hook, then the copy is taken (a snapshot, a clone, or with Direct the whole
 * backup), then every post hook. Post hooks run whenever a pre hook was started, after a failure too.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public class BackupHooks extends UnknownFields {
  @JsonPropertyDescription("Run before the copy, in order (quiesce: flush, freeze, lock tables).")
  public List<BackupHook> pre = new ArrayList<>();

  @JsonPropertyDescription("Run after the copy was taken, in order (resume: thaw, unlock), after a failure too.")
  public List<BackupHook> post = new ArrayList<>();

  @JsonIgnore
  public boolean isEmpty() {
    return (pre == null || pre.isEmpty()) && (post == null || post.isEmpty());
  }
}
