package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/**
 * When a Repository looks after itself. Each task has a cron (5 fields or a macro such as
 * {@code @weekly-random}, whose time comes from a hash of the repository's namespace/name, so many
 * repositories do not all prune at midnight). Absent means the defaults; {@code suspend} stops the
 * scheduled runs (requested ones still run).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class MaintenanceSpec extends UnknownFields {
  public static final String DEFAULT_CHECK_CRON = "@weekly-random";
  public static final String DEFAULT_PRUNE_CRON = "@weekly-random";
  public static final String DEFAULT_VERIFY_CRON = "@daily-random";
  /** restic's --read-data-subset forms: a percentage (1-100%), n/t, or a size such as 500M. */
  public static final String READ_DATA_SUBSET = "^((100|[1-9][0-9]?)(\\.[0-9]+)?%|[1-9][0-9]*/[1-9][0-9]*|[1-9][0-9]*[KMGT])$";
  /** restic's --max-unused forms: a percentage, a size, or "unlimited". */
  public static final String MAX_UNUSED = "^((100|[0-9][0-9]?)(\\.[0-9]+)?%|[0-9]+[KMGT]?|unlimited)$";

  @JsonPropertyDescription("restic check: finds damage. Default cron @weekly-random.")
  public Check check;

  @JsonPropertyDescription("restic prune: reclaims the space of forgotten snapshots. Default cron @weekly-random.")
  public Prune prune;

  @JsonPropertyDescription("Compares restic's snapshots with the Backups that claim them. Default cron @daily-random.")
  public Verify verify;

  @JsonPropertyDescription("No scheduled maintenance while true ('lifeboat repository check|prune|verify' still run).")
  public Boolean suspend;

  @JsonPropertyDescription("IANA time zone of the crons, e.g. Europe/Berlin. Default UTC.")
  public String timeZone;

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Check extends UnknownFields {
    @JsonPropertyDescription("When to check: 5 cron fields or a macro (@daily, @weekly-random, ...).")
    public String cron;

    @Pattern(READ_DATA_SUBSET)
    @JsonPropertyDescription("Also read this part of the data back (restic --read-data-subset), e.g. 5% or 1/10.")
    public String readDataSubset;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Prune extends UnknownFields {
    @JsonPropertyDescription("When to prune: 5 cron fields or a macro.")
    public String cron;

    @Pattern(MAX_UNUSED)
    @JsonPropertyDescription("Unused space to tolerate rather than repack (restic --max-unused), e.g. 5% or 1G.")
    public String maxUnused;
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class Verify extends UnknownFields {
    @JsonPropertyDescription("When to verify: 5 cron fields or a macro.")
    public String cron;
  }

  /** The cron in effect for a scheduled task (given, else its default); null for unlock, which only runs on request. */
  public String cronOf(MaintenanceTask task) {
    String given = switch (task) {
      case check -> check == null ? null : check.cron;
      case prune -> prune == null ? null : prune.cron;
      case verify -> verify == null ? null : verify.cron;
      case unlock -> null;
    };
    if (given != null && !given.isBlank()) {
      return given;
    }
    return switch (task) {
      case check -> DEFAULT_CHECK_CRON;
      case prune -> DEFAULT_PRUNE_CRON;
      case verify -> DEFAULT_VERIFY_CRON;
      case unlock -> null;
    };
  }

  public boolean suspended() {
    return Boolean.TRUE.equals(suspend);
  }
}
