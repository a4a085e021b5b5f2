package dev.lifeboat.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.api.BackupSource;

/**
 * An application source as one argument of the in-Job command ({@code --source JSON}): the Job
 * needs no API read to start. A spec holds only references to Secrets, never their values, so the
 * argument is safe to show in {@code kubectl describe pod}.
 */
public final class SourceArgument {
  private static final ObjectMapper JSON = new ObjectMapper()
      .setSerializationInclusion(JsonInclude.Include.NON_EMPTY)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private SourceArgument() {}

  public static String encode(BackupSource source) {
    try {
      return JSON.writeValueAsString(source);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a source", e);
    }
  }

  public static BackupSource decode(String json) {
    try {
      return JSON.readValue(json, BackupSource.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("--source is not a source in JSON: " + e.getOriginalMessage());
    }
  }
}
