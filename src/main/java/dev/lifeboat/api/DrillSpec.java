package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import java.util.List;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class DrillSpec extends UnknownFields {
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("The Backup to drill. Exactly one of backup, latestOfPvc and latestOfSchedule.")
  public String backup;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Drill the newest Ready Backup of this claim.")
  public String latestOfPvc;

  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Drill the newest Ready Backup this Schedule made.")
  public String latestOfSchedule;

  @JsonPropertyDescription("A command (argv) run after the restore in lifeboat's image, with the scratch claim mounted"
      + " read-only at the backup's path (/data/<claim>, also in $DRILL_PATH): exit 0 passes the drill.")
  public List<String> verifyCommand;

  @JsonPropertyDescription("PostgreSQL Backups: a query run in the restored scratch database; it passes when its first"
      + " value is true or a number above 0. Default: some table came back.")
  public String checkQuery;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long a failed drill's scratch claim is kept for a look before it is deleted. Default 24h;"
      + " 0s deletes it at once.")
  public String keepFailed;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long each Job of the drill may run (activeDeadlineSeconds). Default 4h.")
  public String timeout;

  @Pattern(Durations.PATTERN)
  @JsonPropertyDescription("How long a Job's pod may take to start. Default 10m.")
  public String startTimeout;

  @JsonPropertyDescription("The scratch claim's size and class; default the backed-up claim's.")
  public DrillScratch scratch;

  /** Default of {@link #keepFailed}. */
  public static final String DEFAULT_KEEP_FAILED = "24h";

  public String keepFailedOrDefault() {
    return keepFailed == null ? DEFAULT_KEEP_FAILED : keepFailed;
  }
}
