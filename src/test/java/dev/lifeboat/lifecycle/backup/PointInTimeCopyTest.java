package dev.lifeboat.lifecycle.backup;

import static dev.lifeboat.lifecycle.Fixtures.backup;
import static dev.lifeboat.lifecycle.Fixtures.failed;
import static dev.lifeboat.lifecycle.Fixtures.succeeded;
import static dev.lifeboat.lifecycle.Fixtures.verifiedSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupHook;
import dev.lifeboat.api.BackupHooks;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.CopyMethod;
import dev.lifeboat.api.HookResult;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobPurpose;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.PvcState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The steps of a Backup with hooks or a copy method: each step one action, then the status saying so. */
class PointInTimeCopyTest {
  private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
  private static final String ID = "c25a6733316309607563627a2488e5122833b449b685895f77ff637b43b1a11e";

  private static Backup withCopy(BackupPhase phase, CopyMethod method, boolean hooks) {
    Backup b = backup(phase);
    b.getSpec().copyMethod = method;
    if (hooks) {
      b.getSpec().hooks = new BackupHooks();
      b.getSpec().hooks.pre.add(hook("sync"));
      b.getSpec().hooks.post.add(hook("resume"));
    }
    if (b.getStatus() != null) {
      b.getStatus().hooks = new ArrayList<>();
    }
    return b;
  }

  private static BackupHook hook(String command) {
    BackupHook h = new BackupHook();
    h.workload = "deployment/db";
    h.command = List.of("/bin/sh", "-c", command);
    return h;
  }

  private static BackupObservation obs(JobView job, CopyObservation.SnapshotState snapshot, PvcState copyClaim) {
    return new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND, job, null, null, null, null,
        new CopyObservation(List.of(), List.of(), "csi-default", null, snapshot, copyClaim));
  }

  private static HookResult ran(String stage, int exit) {
    HookResult r = new HookResult(stage, "deployment/db: x", "db-0", "db");
    r.exitCode = exit;
    r.failsBackup = true;
    return r;
  }

  private static <T extends Action> List<T> actions(Decision<?> d, Class<T> type) {
    return d.actions().stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aSnapshotBackupRunsPreHooksThenSnapshotsThenPostHooksThenReadsAClaimFromIt() {
    Backup b = withCopy(null, CopyMethod.Snapshot, true);
    Decision<BackupStatus> first = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Copying, first.status().phase);
    assertEquals(List.of("pre"), actions(first, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertTrue(actions(first, Action.CreateVolumeSnapshot.class).isEmpty(), "nothing is copied before the pre hooks");

    b.setStatus(first.status());
    b.getStatus().hooks.add(ran("pre", 0));
    Decision<BackupStatus> snap = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(List.of(new Action.CreateVolumeSnapshot("nightly-snapshot", "data", "csi-default")),
        actions(snap, Action.CreateVolumeSnapshot.class));
    assertEquals("nightly-snapshot", snap.status().volumeSnapshot);

    b.setStatus(snap.status());
    Decision<BackupStatus> waiting = BackupLifecycle.decide(b,
        obs(null, new CopyObservation.SnapshotState(null, false, null), PvcState.MISSING), NOW.plusSeconds(3));
    assertEquals(BackupPhase.Copying, waiting.status().phase);
    assertTrue(waiting.actions().stream().noneMatch(a -> a instanceof Action.RunHooks), "not cut yet: still quiet");
    assertEquals(PointInTimeCopy.CUT_RECHECK, waiting.requeueAfter(), "the application waits: look often");
    assertEquals(PointInTimeCopy.COPY_RECHECK, BackupLifecycle.decide(b, obs(null,
        new CopyObservation.SnapshotState(null, false, null), PvcState.MISSING), NOW.plusSeconds(30)).requeueAfter(),
        "a slow snapshot: look less often");

    Decision<BackupStatus> cut = BackupLifecycle.decide(b,
        obs(null, new CopyObservation.SnapshotState("2026-12-03T10:00:01Z", false, null), PvcState.MISSING), NOW);
    assertEquals(List.of("post"), actions(cut, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList(),
        "cut: the application resumes before the snapshot is ready to use");
    assertEquals("2026-12-03T10:00:01Z", cut.status().copyTime, "the snapshot's own instant");

    b.setStatus(cut.status());
    b.getStatus().hooks.add(ran("post", 0));
    Decision<BackupStatus> ready = BackupLifecycle.decide(b,
        obs(null, new CopyObservation.SnapshotState("2026-12-03T10:00:01Z", true, null), PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Running, ready.status().phase);
    assertEquals("nightly-copy", ready.status().copyClaim);
    assertEquals(List.of(new Action.CreateCopyClaim("nightly-copy", "VolumeSnapshot", "nightly-snapshot", "data")),
        actions(ready, Action.CreateCopyClaim.class));
    assertEquals(JobPurpose.BACKUP, actions(ready, Action.CreateJob.class).get(0).purpose());
    int claim = ready.actions().indexOf(actions(ready, Action.CreateCopyClaim.class).get(0));
    int job = ready.actions().indexOf(actions(ready, Action.CreateJob.class).get(0));
    assertTrue(claim < job, "the claim the Job mounts first");

    b.setStatus(ready.status());
    Decision<BackupStatus> done = BackupLifecycle.decide(b,
        obs(succeeded("nightly-backup", verifiedSnapshot(ID, false)), null, PvcState.BOUND), NOW);
    assertEquals(BackupPhase.Ready, done.status().phase);
    assertEquals(List.of(new Action.DeleteCopy("nightly-snapshot", "nightly-copy")), actions(done, Action.DeleteCopy.class));
    assertTrue(actions(done, Action.RunHooks.class).isEmpty(), "post hooks ran once");
  }

  @Test
  void aFailingPreHookRunsThePostHooksAndFailsWithoutACopy() {
    Backup b = withCopy(BackupPhase.Copying, CopyMethod.Snapshot, true);
    b.getStatus().hooks.add(ran("pre", 7));
    Decision<BackupStatus> d = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertEquals("PreHookFailed", d.status().conditions.get(0).getReason());
    assertTrue(d.status().message.startsWith("pre hook \"deployment/db: x\" in pod db-0/db exited with code 7"),
        d.status().message);
    assertEquals(List.of("post"), actions(d, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertTrue(actions(d, Action.CreateVolumeSnapshot.class).isEmpty());
    assertTrue(actions(d, Action.DeleteCopy.class).isEmpty(), "nothing was made");
  }

  @Test
  void aContinuingPreHookFailureGoesOn() {
    Backup b = withCopy(BackupPhase.Copying, CopyMethod.Direct, true);
    HookResult soft = ran("pre", 1);
    soft.failsBackup = false;
    b.getStatus().hooks.add(soft);
    Decision<BackupStatus> d = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Running, d.status().phase);
    assertEquals(JobPurpose.BACKUP, actions(d, Action.CreateJob.class).get(0).purpose());
  }

  @Test
  void aSnapshotErrorOrOneNeverReadyFailsWithItsWordsAndCleansUp() {
    Backup b = withCopy(BackupPhase.Copying, CopyMethod.Snapshot, true);
    b.getStatus().hooks.add(ran("pre", 0));
    b.getStatus().volumeSnapshot = "nightly-snapshot";
    b.getStatus().copyTime = NOW.toString();
    Decision<BackupStatus> error = BackupLifecycle.decide(b, obs(null,
        new CopyObservation.SnapshotState(null, false, "Failed to create snapshot: quota exceeded"), PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Failed, error.status().phase);
    assertEquals("VolumeSnapshot nightly-snapshot failed: Failed to create snapshot: quota exceeded", error.status().message);
    assertEquals(List.of("post"), actions(error, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertEquals(List.of(new Action.DeleteCopy("nightly-snapshot", null)), actions(error, Action.DeleteCopy.class));

    Decision<BackupStatus> late = BackupLifecycle.decide(b,
        obs(null, new CopyObservation.SnapshotState(null, false, null), PvcState.MISSING), NOW.plusSeconds(601));
    assertEquals(BackupPhase.Failed, late.status().phase);
    assertTrue(late.status().message.contains("did not become ready within 10m (spec.startTimeout)"), late.status().message);

    Decision<BackupStatus> gone = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertTrue(gone.status().message.contains("was deleted before the backup read it"), gone.status().message);
  }

  @Test
  void aCloneRunsItsPostHooksOnceItsClaimIsBoundAndCleansUpWhenTheJobEnds() {
    Backup b = withCopy(BackupPhase.Copying, CopyMethod.Clone, true);
    b.getStatus().hooks.add(ran("pre", 0));
    Decision<BackupStatus> start = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Running, start.status().phase);
    assertEquals(List.of(new Action.CreateCopyClaim("nightly-copy", "PersistentVolumeClaim", "data", "data")),
        actions(start, Action.CreateCopyClaim.class));
    assertEquals(NOW.toString(), start.status().copyTime);

    b.setStatus(start.status());
    Decision<BackupStatus> pending = BackupLifecycle.decide(b, obs(JobView.active("nightly-backup"), null, PvcState.PENDING), NOW);
    assertTrue(actions(pending, Action.RunHooks.class).isEmpty(), "not cloned yet: the application stays quiet");
    assertEquals(PointInTimeCopy.COPY_RECHECK, pending.requeueAfter(), "a claim's bind does not wake a Backup");
    Decision<BackupStatus> bound = BackupLifecycle.decide(b, obs(JobView.active("nightly-backup"), null, PvcState.BOUND), NOW);
    assertEquals(List.of("post"), actions(bound, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());

    b.getStatus().hooks.add(ran("post", 0));
    Decision<BackupStatus> failedJob = BackupLifecycle.decide(b,
        obs(failed("nightly-backup", 3, "Fatal: unable to open repository"), null, PvcState.BOUND), NOW);
    assertEquals(BackupPhase.Failed, failedJob.status().phase);
    assertEquals(List.of(new Action.DeleteCopy(null, "nightly-copy")), actions(failedJob, Action.DeleteCopy.class));
  }

  @Test
  void directWithHooksRunsThePostHooksWhenTheJobEnds() {
    Backup b = withCopy(BackupPhase.Running, CopyMethod.Direct, true);
    b.getStatus().hooks.add(ran("pre", 0));
    Decision<BackupStatus> running = BackupLifecycle.decide(b, obs(JobView.active("nightly-backup"), null, PvcState.MISSING), NOW);
    assertTrue(actions(running, Action.RunHooks.class).isEmpty(), "the copy is the Job: it is still reading");
    Decision<BackupStatus> ended = BackupLifecycle.decide(b,
        obs(succeeded("nightly-backup", verifiedSnapshot(ID, false)), null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Ready, ended.status().phase);
    assertEquals(List.of("post"), actions(ended, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertTrue(actions(ended, Action.DeleteCopy.class).isEmpty(), "Direct made no copy");
  }

  @Test
  void anAbortMidCopyResumesTheApplicationAndDeletesTheCopy() {
    Backup b = withCopy(BackupPhase.Copying, CopyMethod.Snapshot, true);
    b.getStatus().hooks.add(ran("pre", 0));
    b.getStatus().volumeSnapshot = "nightly-snapshot";
    b.getSpec().abort = true;
    Decision<BackupStatus> d = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertEquals(List.of("post"), actions(d, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertEquals(List.of(new Action.DeleteCopy("nightly-snapshot", null)), actions(d, Action.DeleteCopy.class));
  }

  @Test
  void postHooksHoldAFinalizerFromThePreHooksPassUntilTheyRan() {
    Backup b = withCopy(null, CopyMethod.Direct, true);
    Decision<BackupStatus> first = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(new Action.Finalizer(dev.lifeboat.api.Labels.HOOKS_FINALIZER, true), first.actions().get(0),
        "before any pre hook runs");

    Backup running = withCopy(BackupPhase.Running, CopyMethod.Direct, true);
    running.getMetadata().setFinalizers(List.of(dev.lifeboat.api.Labels.HOOKS_FINALIZER));
    running.getStatus().hooks.add(ran("pre", 0));
    Decision<BackupStatus> ended = BackupLifecycle.decide(running,
        obs(succeeded("nightly-backup", verifiedSnapshot(ID, false)), null, PvcState.MISSING), NOW);
    List<Action> tail = ended.actions();
    assertEquals(new Action.Finalizer(dev.lifeboat.api.Labels.HOOKS_FINALIZER, false), tail.get(tail.size() - 1));
    assertTrue(tail.indexOf(actions(ended, Action.RunHooks.class).get(0)) < tail.size() - 1, "after the post hooks");
  }

  @Test
  void aBackupDeletedWhileTheApplicationIsQuietRunsItsPostHooksThenLetsGo() {
    Backup b = withCopy(BackupPhase.Running, CopyMethod.Clone, true);
    b.getMetadata().setFinalizers(List.of(dev.lifeboat.api.Labels.HOOKS_FINALIZER));
    b.getStatus().hooks.add(ran("pre", 0));
    b.getStatus().copyClaim = "nightly-copy";
    Decision<BackupStatus> first = PointInTimeCopy.onDeletion(b, obs(JobView.active("nightly-backup"), null,
        PvcState.PENDING), NOW);
    assertEquals(List.of(new Action.DeleteJob("nightly-backup")), actions(first, Action.DeleteJob.class));
    assertEquals(List.of("post"), actions(first, Action.RunHooks.class).stream().map(Action.RunHooks::stage).toList());
    assertEquals(List.of(new Action.DeleteCopy(null, "nightly-copy")), actions(first, Action.DeleteCopy.class));
    assertTrue(actions(first, Action.Finalizer.class).isEmpty(), "the status is written first: the object stays");
    assertEquals(BackupPhase.Failed, first.status().phase);

    b.setStatus(first.status());
    b.getStatus().hooks.add(ran("post", 0));
    Decision<BackupStatus> second = PointInTimeCopy.onDeletion(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(List.of(new Action.Finalizer(dev.lifeboat.api.Labels.HOOKS_FINALIZER, false)), second.actions());
  }

  @Test
  void aCopyProblemFailsValidationBeforeAnyHookRuns() {
    Backup b = withCopy(null, CopyMethod.Snapshot, true);
    BackupObservation o = new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND, null, null, null, null, null,
        new CopyObservation(List.of(), List.of(), null, "StorageClass standard (driver x) has no default"
            + " VolumeSnapshotClass", null, PvcState.MISSING));
    Decision<BackupStatus> d = BackupLifecycle.decide(b, o, NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertEquals("ValidationFailed", d.status().conditions.get(0).getReason());
    assertTrue(actions(d, Action.RunHooks.class).isEmpty());
  }

  @Test
  void aDirectBackupWithoutHooksIsUnchanged() {
    Backup b = backup(null);
    Decision<BackupStatus> d = BackupLifecycle.decide(b, obs(null, null, PvcState.MISSING), NOW);
    assertEquals(BackupPhase.Running, d.status().phase);
    assertNull(d.status().hooks);
  }

  @Test
  void hooksAndCopiesAreCheckedFieldByField() {
    BackupHooks hooks = new BackupHooks();
    BackupHook none = new BackupHook();
    none.command = List.of();
    hooks.pre.add(none);
    BackupHook two = hook("x");
    two.pod = "db-0";
    two.timeout = "soon";
    hooks.post.add(two);
    List<String> problems = CopyChecks.problems("spec.", CopyMethod.Clone, "fast", hooks, false);
    assertEquals(List.of(
        "spec.copyMethod applies to a PVC source only: an application source is read through its own tool (remove it,"
            + " or back up the application's claim)",
        "spec.volumeSnapshotClassName needs copyMethod Snapshot",
        "spec.hooks.pre[0]: name exactly one of pod, workload (deployment/NAME) and selector (app=db)",
        "spec.hooks.pre[0].command is empty: give the program and its arguments ([/bin/sh, -c, 'sync'])",
        "spec.hooks.post[0]: name exactly one of pod, workload (deployment/NAME) and selector (app=db)"),
        problems.subList(0, 5));
    assertTrue(problems.get(5).startsWith("spec.hooks.post[0].timeout"), problems.get(5));
  }
}
