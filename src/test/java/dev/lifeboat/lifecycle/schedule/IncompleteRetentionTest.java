package dev.lifeboat.lifecycle.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.RetentionPolicy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An incomplete Backup (Ready, but restic could not read some files) is a failed run for retention. */
class IncompleteRetentionTest {
  private static final Instant T = Instant.parse("2026-12-01T00:00:00Z");

  private static ScheduledBackup run(String name, int hour, boolean incomplete) {
    Instant at = T.plusSeconds(hour * 3600L);
    return new ScheduledBackup(name, "data", BackupPhase.Ready, at, at, "id-" + name, false, incomplete);
  }

  @Test
  void anIncompleteBackupNeverExpiresACompleteOneAndGoesOnceANewerCompleteOneIsKept() {
    RetentionPolicy keepLast1 = new RetentionPolicy();
    keepLast1.keepLast = 1;
    List<ScheduledBackup> backups = List.of(run("complete", 1, false), run("partial", 2, true));
    assertEquals(List.of(), ScheduleRetention.expired(keepLast1, backups, ZoneOffset.UTC, T.plusSeconds(3 * 3600)),
        "keep-last 1 keeps the complete one: the newer incomplete one does not take its place");

    List<ScheduledBackup> later = List.of(run("complete", 1, false), run("partial", 2, true), run("newer", 3, false));
    assertEquals(List.of(new ScheduleRetention.Expired("complete", "data", "not kept by the retention policy"),
            new ScheduleRetention.Expired("partial", "data",
                "incomplete (some files could not be read), and older than the newest kept Backup")),
        ScheduleRetention.expired(keepLast1, later, ZoneOffset.UTC, T.plusSeconds(4 * 3600)));
  }
}
