package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * restic's keep-* rules (the semantics of {@code restic forget}), applied by a Schedule to the
 * Ready Backups it made, per PVC. An empty policy keeps everything.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionPolicy extends UnknownFields {
  /** restic's duration syntax: numbers with y, m (months), d, h, e.g. 1y2m3d4h. */
  public static final String WITHIN_PATTERN = "^([0-9]+[ymdh])+$";

  @Min(0) @JsonPropertyDescription("Keep the N newest snapshots.") public Integer keepLast;
  @Min(0) @JsonPropertyDescription("Keep the newest snapshot of each of the N newest hours that have one.") public Integer keepHourly;
  @Min(0) @JsonPropertyDescription("Keep the newest snapshot of each of the N newest days that have one.") public Integer keepDaily;
  @Min(0) @JsonPropertyDescription("Keep the newest snapshot of each of the N newest ISO weeks that have one.") public Integer keepWeekly;
  @Min(0) @JsonPropertyDescription("Keep the newest snapshot of each of the N newest months that have one.") public Integer keepMonthly;
  @Min(0) @JsonPropertyDescription("Keep the newest snapshot of each of the N newest years that have one.") public Integer keepYearly;

  @Pattern(WITHIN_PATTERN)
  @JsonPropertyDescription("Keep snapshots newer than the newest one minus this duration (restic syntax, e.g. 7d or 1y6m).")
  public String keepWithin;

  @JsonPropertyDescription("Keep snapshots that carry all of these tags (each entry a comma-separated list, as restic's --keep-tag).")
  public List<String> keepTags = new ArrayList<>();

  public RetentionPolicy() {}

  /** Whether no rule is set: restic 0.14 then keeps everything. */
  public boolean empty() {
    return zero(keepLast) && zero(keepHourly) && zero(keepDaily) && zero(keepWeekly) && zero(keepMonthly)
        && zero(keepYearly) && (keepWithin == null || keepWithin.isEmpty()) && (keepTags == null || keepTags.isEmpty());
  }

  private static boolean zero(Integer n) {
    return n == null || n == 0;
  }
}
