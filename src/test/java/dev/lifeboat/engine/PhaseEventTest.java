package dev.lifeboat.engine;

import dev.lifeboat.kinds.Kinds;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every phase change gets an Event: the lifecycle's own, else one the engine adds; nothing else does. */
class PhaseEventTest {
  private final EngineConflictTest.RecordingWriter writer = new EngineConflictTest.RecordingWriter();
  private final ActionApplier applier = new ActionApplier(new EngineConflictTest.FakeView(), writer, Kinds.reconcilers());

  private static Backup running() {
    Backup b = new Backup();
    b.getMetadata().setName("b1");
    b.getMetadata().setNamespace("ns");
    b.getMetadata().setResourceVersion("3");
    b.setStatus(new BackupStatus());
    b.getStatus().phase = BackupPhase.Running;
    return b;
  }

  private static BackupStatus status(BackupPhase phase, String message) {
    BackupStatus s = new BackupStatus();
    s.phase = phase;
    s.message = message;
    return s;
  }

  @Test
  void aPhaseChangeWithoutAnEventOfItsOwnGetsOneNamedAfterTheNewPhase() {
    applier.apply(null, running(), Decision.of(status(BackupPhase.Failed, "restic exited 1"), List.of()), c -> null, n -> null);
    assertEquals(List.of("status rv=3", "event Failed"), writer.writes);
  }

  @Test
  void theLifecyclesOwnEventIsNotDoubled() {
    applier.apply(null, running(), Decision.of(status(BackupPhase.Ready, "done"),
        List.of(new Action.RecordEvent(Action.EventType.Normal, "Succeeded", "snapshot abc"))), c -> null, n -> null);
    assertEquals(List.of("status rv=3", "event Succeeded"), writer.writes);
  }

  @Test
  void aStatusChangeWithinOnePhaseRecordsNoEvent() {
    applier.apply(null, running(), Decision.of(status(BackupPhase.Running, "42% done"), List.of()), c -> null, n -> null);
    assertEquals(List.of("status rv=3"), writer.writes);
  }
}
