package dev.lifeboat.manager;

import dev.lifeboat.FileTrees;
import dev.lifeboat.api.BackupSummary;
import dev.lifeboat.api.RestoreMode;
import dev.lifeboat.jobs.SnapshotInventory;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.lifecycle.JobReport;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import dev.lifeboat.output.Ages;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;

/**
 * {@code backup-manager restore}: restores a snapshot into the mounted target claim. restic writes
 * into a staging folder inside the target ({@code .lifeboat-restore-<name>}) and verifies what it
 * wrote; only then do the files move into place (Replace: the target becomes exactly the snapshot;
 * Merge: beside what is there). So a restore that fails or is killed leaves its partial output in
 * the staging folder only, which {@code --abort=true} (the prune Job) removes, with stale restic locks.
 */
public final class RestoreRun {
  static final String STAGING_PREFIX = ".lifeboat-restore-";
  private final Restic restic;

  public RestoreRun(Restic restic) {
    this.restic = restic;
  }

  public static Path staging(Path target, String restoreName) {
    return target.resolve(STAGING_PREFIX + restoreName);
  }

  public JobReport restore(String restoreName, String snapshotId, Path target, RestoreMode mode) throws Exception {
    return restore(restoreName, snapshotId, target, mode, null);
  }

  /**
   * As above, checking first that the snapshot fits beside the claim's data ({@link #roomProblem}; {@code capacity}
   * the claim's, or null): the check Job could not measure it when the claim was in use on another node.
   */
  public JobReport restore(String restoreName, String snapshotId, Path target, RestoreMode mode, Long capacity)
      throws Exception {
    if (!Files.isDirectory(target)) {
      return JobReport.failure("target path " + target + " is not a directory (is the PVC mounted?)");
    }
    Path staging = staging(target, restoreName);
    if (mode == RestoreMode.IfEmpty && holdsData(target, staging)) {
      return new JobReport(true, "the claim is not empty: nothing restored (mode IfEmpty never overwrites data)",
          snapshotId, true, null, null, null);
    }
    try {
      FileTrees.delete(staging); // a leftover of an earlier attempt of this restore
      String noRoom = roomProblem(snapshotId, target, capacity);
      if (noRoom != null) {
        return JobReport.failure(noRoom + " (nothing was written)");
      }
      Files.createDirectories(staging);
      restic.restore(snapshotId, staging);
      long[] counts = count(staging);
      if (mode == RestoreMode.Replace) {
        try (Stream<Path> entries = Files.list(target)) {
          for (Path entry : entries.toList()) {
            if (!entry.equals(staging)) {
              FileTrees.delete(entry);
            }
          }
        }
      }
      moveContents(staging, target);
      FileTrees.delete(staging);
      BackupSummary summary = new BackupSummary();
      summary.totalFilesProcessed = counts[0];
      summary.totalBytesProcessed = counts[1];
      return new JobReport(true, "restored " + counts[0] + " files; " + ownership(), snapshotId, true, null, null, summary);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  /**
   * What the restore did with the files' owners: as root (the privileged mover) restic gives each file back its owner,
   * group and mode; any other user writes every file as itself (restic gives back the modes only).
   */
  static String ownership() {
    long uid;
    try {
      uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    } catch (IOException | UnsupportedOperationException e) {
      return "owners unknown";
    }
    return uid == 0 ? "owners, groups and modes given back" : "written as uid " + uid + " (the target's owner): a mover"
        + " that is not root cannot give files to other owners, so every file is this user's; modes given back";
  }

  /** Whether the claim holds anything besides lost+found and this restore's own staging folder. */
  private static boolean holdsData(Path target, Path staging) throws IOException {
    try (Stream<Path> entries = Files.list(target)) {
      return entries.anyMatch(e -> !e.equals(staging) && !e.getFileName().toString().equals("lost+found"));
    }
  }

  /** The prune: remove every staging folder of lifeboat restores and release stale restic locks. */
  public JobReport abort(Path target) throws Exception {
    if (!Files.isDirectory(target)) {
      return JobReport.failure("target path " + target + " is not a directory (is the PVC mounted?)");
    }
    int removed = 0;
    try (Stream<Path> entries = Files.list(target)) {
      for (Path entry : entries.filter(e -> e.getFileName().toString().startsWith(STAGING_PREFIX)).toList()) {
        FileTrees.delete(entry);
        removed++;
      }
    }
    try {
      restic.unlock();
    } catch (ResticException e) {
      return JobReport.failure("partial restore output removed, but restic unlock failed: " + e.getMessage());
    }
    return new JobReport(true, "removed " + removed + " partial restore folder(s); stale restic locks released",
        null, null, null, null, null);
  }

  /**
   * The snapshot-check Job of a restore from a snapshot ID: the snapshot exists, and holds what the target takes.
   * A stream (restic tag {@code source=KIND}: pg_dump, a raft snapshot, a command's output) restored as a claim's tree
   * would replace every file of the claim with one file; a claim's tree has no one stream to write as a file.
   */
  public JobReport checkSnapshot(String snapshotId, boolean expectStream, String snapshotHost) throws Exception {
    try {
      List<SnapshotInfo> found = SnapshotInventory.fromRestic(restic.snapshotsJson(List.of(snapshotId)));
      if (found.size() != 1) {
        return JobReport.failure("no snapshot " + snapshotId + " in the repository");
      }
      SnapshotInfo snapshot = found.get(0);
      String foreign = ForeignSnapshots.problem(snapshot, snapshotHost);
      if (foreign != null) {
        return JobReport.failure(foreign);
      }
      String stream = snapshot.streamKind();
      if (stream != null && !expectStream) {
        return JobReport.failure(streamIntoClaim(snapshot));
      }
      if (stream == null && expectStream) {
        return JobReport.failure("it holds files (paths " + String.join(", ", snapshot.paths())
            + "), not an application stream: leave out spec.target.file (--as-file) to restore them into the claim");
      }
      return new JobReport(true, "snapshot found", snapshot.id(), true, null, null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }

  /**
   * Why the snapshot cannot be restored into the claim mounted at {@code target}, or null when it fits. A restore
   * writes the whole snapshot into a staging folder beside the claim's data and removes the old files only after
   * (so a failed restore leaves the data as it was): the claim needs room for the snapshot on top of what it holds.
   * The room is the file system's usable space, and at most the claim's capacity less what it holds (a claim that is
   * a folder on a larger disk). A little slack (1%, at least 16 MiB) covers restic's and the file system's overhead.
   */
  public String roomProblem(String snapshotId, Path target, Long capacity) throws Exception {
    long need = restic.restoreSize(snapshotId);
    long used = FileTrees.size(target);
    long room = Files.getFileStore(target).getUsableSpace();
    if (capacity != null) {
      room = Math.min(room, Math.max(0, capacity - used));
    }
    long slack = Math.max(16L << 20, need / 100);
    if (need + slack <= room) {
      return null;
    }
    return "the snapshot needs " + Ages.bytes(need) + " and the claim has "
        + Ages.bytes(room) + " free (" + Ages.bytes(used) + " used"
        + (capacity == null ? "" : " of " + Ages.bytes(capacity)) + "): a restore writes the snapshot"
        + " in full beside the old data before it removes it. Restore into a new claim of at least "
        + Ages.bytes(need + slack) + " (--to-pvc NEW), or make room (a larger claim, fewer files)";
  }

  /** Why a stream snapshot is refused as a claim's tree, and the ways to get at it. */
  public static String streamIntoClaim(SnapshotInfo snapshot) {
    return "it holds a " + snapshot.streamKind() + " stream (restic tag source=" + snapshot.streamKind() + ", file "
        + String.join(", ", snapshot.paths()) + "), not a claim's files: restored as a tree it would replace the claim's"
        + " files with that one file. Write it into the claim as one file with --as-file NAME (spec.target.file), or"
        + " restore it into its application from a Backup (lifeboat restore create NAME --from-backup B)";
  }

  /**
   * {@code spec.target.file}: writes the snapshot's one stream into the claim as {@code fileName}, through the staging
   * folder, touching nothing else; a file of that name already in the claim is left alone and fails the restore.
   */
  public JobReport restoreAsFile(String restoreName, String snapshotId, Path target, String fileName) throws Exception {
    if (!Files.isDirectory(target)) {
      return JobReport.failure("target path " + target + " is not a directory (is the PVC mounted?)");
    }
    Path destination = target.resolve(fileName);
    if (Files.exists(destination, LinkOption.NOFOLLOW_LINKS)) {
      return JobReport.failure(fileName + " already exists in the claim: nothing restored (spec.target.file never"
          + " overwrites; pick another name)");
    }
    Path staging = staging(target, restoreName);
    try {
      List<SnapshotInfo> found = SnapshotInventory.fromRestic(restic.snapshotsJson(List.of(snapshotId)));
      if (found.size() != 1 || found.get(0).streamKind() == null || found.get(0).paths().size() != 1) {
        return JobReport.failure("snapshot " + snapshotId + " is not one application stream");
      }
      String inSnapshot = found.get(0).paths().get(0).replaceFirst("^/", "");
      FileTrees.delete(staging);
      Files.createDirectories(staging);
      Path part = staging.resolve(fileName);
      Restic.Running dump = restic.startDump(snapshotId, inSnapshot);
      long bytes;
      try (var in = dump.stdout()) {
        bytes = Files.copy(in, part);
      }
      dump.waitForSuccess("restic dump");
      Files.move(part, destination); // no REPLACE_EXISTING: a file that appeared meanwhile is not overwritten
      FileTrees.delete(staging);
      BackupSummary summary = new BackupSummary();
      summary.totalFilesProcessed = 1L;
      summary.totalBytesProcessed = bytes;
      return new JobReport(true, "wrote the " + found.get(0).streamKind() + " stream as " + fileName + " (" + bytes
          + " bytes)", snapshotId, true, null, null, summary);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    } catch (FileAlreadyExistsException e) {
      return JobReport.failure(fileName + " appeared in the claim during the restore: left alone, nothing restored");
    }
  }

  private static long[] count(Path root) throws IOException {
    long[] counts = new long[2];
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        counts[0]++;
        counts[1] += attrs.size();
        return FileVisitResult.CONTINUE;
      }
    });
    return counts;
  }

  /** Moves every entry of {@code from} into {@code to}, merging folders and replacing files. */
  static void moveContents(Path from, Path to) throws IOException {
    try (Stream<Path> entries = Files.list(from)) {
      for (Path entry : entries.toList()) {
        Path destination = to.resolve(entry.getFileName().toString());
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)
            && Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
          moveContents(entry, destination);
          Files.delete(entry);
        } else {
          if (Files.isDirectory(destination, LinkOption.NOFOLLOW_LINKS)) {
            FileTrees.delete(destination);
          }
          Files.move(entry, destination, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
