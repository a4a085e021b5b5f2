package dev.lifeboat.manager;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * restic 0.14 retries a read of a missing pack file for many minutes; lifeboat ends it at the first such retry with
 * restic's words. Here a stand-in restic prints that retry line and then hangs, as the real one does.
 */
class ResticFailFastTest {
  private static final String RETRY = "Load(<data/6fe5949831>, 0, 0) returned error, retrying after 552.330144ms: open"
      + " /repo/data/6f/6fe5949831342ddd: no such file or directory";

  @TempDir
  Path tmp;

  @Test
  void aMissingPackEndsTheRestoreAtTheFirstRetryAndKillsRestic() throws Exception {
    Path fake = tmp.resolve("restic");
    Files.writeString(fake, "#!/bin/sh\necho '" + RETRY + "' >&2\nexec sleep 600\n");
    fake.toFile().setExecutable(true);
    long started = System.nanoTime();
    DamagedRepositoryException e = assertThrows(DamagedRepositoryException.class,
        () -> new Restic(fake.toString()).restore("6fe59498", tmp.resolve("target")));
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertTrue(e.getMessage().startsWith("the repository is damaged: data/6fe5949831 is missing"), e.getMessage());
    assertTrue(took.toSeconds() < 30, "ended at the first retry, not after restic's own minutes: " + took);
    assertTrue(ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains("sleep 600")
        && p.parent().map(parent -> parent.pid() == ProcessHandle.current().pid()).orElse(false)),
        "the hanging restic is killed");
  }

  @Test
  void onlyAFileThatIsGoneIsDamageATransientErrorIsRetried() {
    assertTrue(ResticOutput.missingData(RETRY).contains("data/6fe5949831 is missing"));
    assertTrue(ResticOutput.missingData("Load(<data/ab12>, 0, 0) returned error, retrying after 1s: NoSuchKey: The specified"
        + " key does not exist.") != null, "S3's words for it");
    assertNull(ResticOutput.missingData("Load(<data/ab12>, 0, 0) returned error, retrying after 1s: dial tcp: connection"
        + " refused"), "a backend that is away may come back: restic's retries go on");
    assertNull(ResticOutput.missingData("Fatal: wrong password or no key found"));
  }
}
