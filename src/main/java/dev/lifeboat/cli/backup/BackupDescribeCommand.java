package dev.lifeboat.cli.backup;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.DescribeReads;
import dev.lifeboat.cli.Describer;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.output.Ages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import dev.lifeboat.api.Labels;
import java.util.Locale;

/** {@code lifeboat backup describe NAME}. */
@Command(name = "describe", description = "Show a Backup in detail: status, snapshot, Jobs, Events.")
public final class BackupDescribeCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Override
  protected int run() {
    DescribeReads reads = DescribeReads.of(this);
    Backup b = reads.require(Backup.class, name);
    Describer d = new Describer(out(), clock().instant());
    d.header(b);
    d.field("Repository", b.getSpec().repository);
    var source = b.getSpec().source;
    d.field("PVC", source == null ? null : source.pvc);
    if (source != null && source.kind() != null && !source.isClaim()) {
      d.field("Source", SourceText.describe(source));
    }
    d.field("Copy method", b.getSpec().copyMethod == null ? null : b.getSpec().copyMethod
        + (b.getSpec().volumeSnapshotClassName == null ? "" : " (class " + b.getSpec().volumeSnapshotClassName + ")"));
    var hooks = b.getSpec().hooks;
    if (hooks != null) {
      hooks.pre.forEach(h -> d.field("Pre hook", h.describe()));
      hooks.post.forEach(h -> d.field("Post hook", h.describe()));
    }
    d.field("Tags", b.getSpec().tags.isEmpty() ? null : String.join(", ", b.getSpec().tags));
    var annotations = b.getMetadata().getAnnotations();
    d.field("Schedule", annotations == null || b.getMetadata().getLabels() == null
        || !b.getMetadata().getLabels().containsKey(Labels.SCHEDULE) ? null
        : annotations.get(Labels.OWNER_NAME) + " (run of " + annotations.get(Labels.SCHEDULED_TIME) + ")");
    d.field("On delete", b.getSpec().forgetsOnDelete() ? "the snapshot is forgotten (deletionPolicy Delete)"
        : "the snapshot stays (deletionPolicy Retain)");
    d.field("Deleting", b.getMetadata().getDeletionTimestamp() == null ? null
        : "since " + b.getMetadata().getDeletionTimestamp() + (b.getSpec().forgetsOnDelete()
            ? ": waiting for its snapshot to be forgotten (a forget Job of Repository " + b.getSpec().repository + ")" : ""));
    BackupStatus s = b.getStatus();
    if (s != null) {
      d.field("Phase", s.phase);
      d.field("Message", s.message);
      d.field("Snapshot", s.snapshotId);
      d.field("Incomplete", Boolean.TRUE.equals(s.incomplete) ? "yes: " + dev.lifeboat.lifecycle.backup.BackupLifecycle
          .incompleteMessage(b.getSpec().source == null ? null : b.getSpec().source.pvc, s.summary) : null);
      d.field("Mover", s.mover);
      d.field("Copy of", s.copyTime == null ? null : s.copyTime + (s.volumeSnapshot == null ? ""
          : " (VolumeSnapshot " + s.volumeSnapshot + ")") + (s.copyClaim == null ? "" : ", read from claim " + s.copyClaim));
      if (s.hooks != null) {
        for (var run : s.hooks) {
          d.field("Hook", run.succeeded() ? run.stage + " \"" + run.hook + "\" in pod " + run.pod + ": exit 0 ("
              + run.durationMillis + " ms)" : run.failure() + (Boolean.FALSE.equals(run.failsBackup) ? " (continued)" : ""));
        }
      }
      d.field("Started", s.startTime);
      d.field("Completed", s.completionTime);
      if (s.progress != null && s.progress.percentDone != null) {
        d.field("Progress", String.format(Locale.ROOT, "%.0f%% (%s of %s)", s.progress.percentDone * 100,
            Ages.bytes(s.progress.bytesDone), Ages.bytes(s.progress.totalBytes)));
      }
      if (s.summary != null && s.summary.streamFile != null) {
        d.field("Captured", s.summary.streamFile + ", " + Ages.bytes(s.summary.totalBytesProcessed)
            + (s.summary.tables == null ? "" : ", " + s.summary.tables + " tables")
            + (s.summary.raftIndex == null ? "" : ", raft index " + s.summary.raftIndex) + " ("
            + Ages.bytes(s.summary.dataAdded) + " added to the repository)");
        d.field("Duration", s.summary.durationSeconds == null ? null
            : String.format(Locale.ROOT, "%.1fs", s.summary.durationSeconds));
      } else if (s.summary != null) {
        d.field("Files", s.summary.totalFilesProcessed + " (" + s.summary.filesNew + " new, " + s.summary.filesChanged
            + " changed, " + s.summary.filesUnmodified + " unmodified)");
        d.field("Size", Ages.bytes(s.summary.totalBytesProcessed) + " (" + Ages.bytes(s.summary.dataAdded) + " added)");
        d.field("Duration", s.summary.durationSeconds == null ? null
            : String.format(Locale.ROOT, "%.1fs", s.summary.durationSeconds));
      }
      d.conditions(s.conditions);
    }
    d.jobs(reads, b);
    d.events(reads, b);
    return ExitCodes.OK;
  }
}
