package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Min;

/** restic's keep-* rules, applied to the snapshots a Schedule made. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RetentionPolicy {
  @Min(0) public Integer keepLast;
  @Min(0) public Integer keepHourly;
  @Min(0) public Integer keepDaily;
  @Min(0) public Integer keepWeekly;
  @Min(0) public Integer keepMonthly;
  @Min(0) public Integer keepYearly;
  public String keepWithin;
}
