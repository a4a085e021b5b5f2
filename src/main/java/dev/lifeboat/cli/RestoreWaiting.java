package dev.lifeboat.cli;

import dev.lifeboat.api.Restore;
import dev.lifeboat.api.RestorePhase;
import dev.lifeboat.output.ProgressDisplay;
import java.time.Duration;
import dev.lifeboat.output.Ages;
import java.util.function.Function;

/** --wait for a Restore: progress lines, then the exit code of its end phase. */
public final class RestoreWaiting {
  private RestoreWaiting() {}

  /** Null while going on; else the exit code (a pruned restore is still a failed restore). */
  public static Integer outcome(Restore r) {
    if (r.getStatus() == null || r.getStatus().phase == null) {
      return null;
    }
    return switch (r.getStatus().phase) {
      case Completed -> ExitCodes.OK;
      case Failed -> r.getSpec().pruneAfterFailed() && Boolean.TRUE.equals(r.getStatus().lockTaken) ? null : ExitCodes.FAILED;
      case PruneComplete -> ExitCodes.PRUNE_COMPLETE;
      case PruneFailed -> ExitCodes.PRUNE_FAILED;
      case Aborted -> ExitCodes.ABORTED;
      default -> null;
    };
  }

  /**
   * For {@code abort restore --wait}: the abort is what was asked, so Aborted is success (0); a restore that
   * Completed before the abort took effect was not aborted (1); a failed cleanup stays 7.
   */
  public static Integer abortOutcome(Restore r) {
    Integer code = outcome(r);
    if (code == null) {
      return null;
    }
    return switch (r.getStatus().phase) {
      case Aborted -> ExitCodes.OK;
      case Completed -> ExitCodes.FAILED;
      default -> code;
    };
  }

  public static int waitFor(ClientCommand command, String name, Duration timeout) {
    return waitFor(command, name, timeout, RestoreWaiting::outcome);
  }

  public static int waitFor(ClientCommand command, String name, Duration timeout,
      Function<Restore, Integer> outcome) {
    Restore[] last = {null};
    int code;
    try (ProgressDisplay display = ProgressDisplay.open(command.out())) {
      code = Waiter.await(command, Restore.class, command.namespace(), name, timeout, outcome, r -> {
        last[0] = r;
        RestorePhase phase = r.getStatus() == null ? null : r.getStatus().phase;
        display.update("restore " + name + ": " + (phase == null ? "Pending" : phase)
            + (r.getStatus() == null || r.getStatus().message == null ? "" : " - " + r.getStatus().message));
      }, command.err());
    }
    var status = last[0].getStatus();
    if (status != null && status.phase == RestorePhase.Aborted && code == ExitCodes.OK) {
      command.out().println("restore " + name + " Aborted" + (status.message == null ? "" : ": " + status.message));
    } else if (code == ExitCodes.OK) {
      command.out().println("restore " + name + " Completed" + (status.result != null ? ": " + status.result
          : status.restoredFiles == null ? ""
          : ": " + status.restoredFiles + " files, " + Ages.bytes(status.restoredBytes)));
    } else {
      command.err().println("error: restore " + name + " ended " + status.phase + ": " + status.message);
    }
    return code;
  }
}
