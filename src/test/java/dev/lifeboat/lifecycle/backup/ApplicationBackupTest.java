package dev.lifeboat.lifecycle.backup;

import static dev.lifeboat.lifecycle.Fixtures.backup;
import static dev.lifeboat.lifecycle.Fixtures.succeeded;
import static dev.lifeboat.lifecycle.Fixtures.verifiedSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.BackupPhase;
import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.BackupStatus;
import dev.lifeboat.api.OpenBaoSource;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.lifecycle.Action;
import dev.lifeboat.lifecycle.Decision;
import dev.lifeboat.lifecycle.JobView;
import dev.lifeboat.lifecycle.Locks;
import dev.lifeboat.lifecycle.PvcState;
import dev.lifeboat.lifecycle.SourceChecks;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backups of an application: no claim to hold, the source checked field by field, a lock of its own. */
class ApplicationBackupTest {
  private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
  private static final String ID = "c25a6733316309607563627a2488e5122833b449b685895f77ff637b43b1a11e";

  private static BackupSource postgres() {
    return dev.lifeboat.lifecycle.Fixtures.postgresSource();
  }

  private static Backup withSource(BackupPhase phase, BackupSource source) {
    Backup b = backup(phase);
    b.getSpec().source = source;
    return b;
  }

  @Test
  void anApplicationBackupStartsItsJobAndBecomesReady() {
    Decision<BackupStatus> d = BackupLifecycle.decide(withSource(null, postgres()),
        new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND, null, null, null), NOW);
    assertEquals(BackupPhase.Running, d.status().phase);
    assertTrue(d.actions().stream().anyMatch(a -> a instanceof Action.CreateJob));

    Decision<BackupStatus> ready = BackupLifecycle.decide(withSource(BackupPhase.Running, postgres()),
        new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND,
            succeeded("nightly-backup", verifiedSnapshot(ID, false)), null, null), NOW);
    assertEquals(BackupPhase.Ready, ready.status().phase);
  }

  @Test
  void aBackupOfATargetARestoreHoldsWaitsNamingTheTarget() {
    Decision<BackupStatus> d = BackupLifecycle.decide(withSource(null, postgres()),
        new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND, null, null, "Restore/prod/back"), NOW);
    assertEquals(BackupPhase.Pending, d.status().phase);
    assertEquals("waiting: postgres://db:5432/app is locked by Restore/prod/back", d.status().message);
  }

  @Test
  void aSourceWrittenWithKubectlIsCheckedFieldByField() {
    BackupSource none = new BackupSource();
    Decision<BackupStatus> d = BackupLifecycle.decide(withSource(null, none),
        new BackupObservation(RepositoryPhase.Ready, null, PvcState.BOUND, null, null, null), NOW);
    assertEquals(BackupPhase.Failed, d.status().phase);
    assertTrue(d.status().message.contains("spec.source needs one of pvc, postgres"), d.status().message);

    BackupSource two = postgres();
    two.pvc = "data";
    assertEquals(List.of("spec.source sets more than one of pvc, postgres, openbao, vault, tidb, command: keep one"),
        SourceChecks.problems(two));

    BackupSource bao = new BackupSource();
    bao.vault = new OpenBaoSource();
    bao.vault.address = "http://vault:8200";
    bao.vault.caSecretRef = new dev.lifeboat.api.SecretKeyRef("ca", "ca.crt");
    List<String> problems = SourceChecks.problems(bao);
    assertTrue(problems.contains("spec.source.vault.caSecretRef is for https addresses; http://vault:8200 is plain http"),
        problems.toString());
    assertTrue(problems.contains("spec.source.vault: set exactly one auth method, tokenSecretRef or kubernetes {role}"),
        problems.toString());

    BackupSource pg = postgres();
    pg.postgres.all = true;
    pg.postgres.format = "custom";
    assertEquals(List.of("spec.source.postgres: set exactly one of database and all: true",
        "spec.source.postgres.format custom cannot be used with all: true (pg_dumpall writes plain SQL)"),
        SourceChecks.problems(pg), "every problem at once");
  }

  @Test
  void applicationTargetsHaveTheirOwnLeaseAndNoClaim() {
    String target = postgres().target();
    assertEquals("postgres://db:5432/app", target);
    assertTrue(!Locks.isClaim(target) && Locks.isClaim("data"));
    String lease = Locks.leaseFor("prod", target);
    assertTrue(lease.startsWith("lifeboat-lock-app-") && lease.length() <= 63 && lease.matches("[a-z0-9-]+"), lease);
    assertEquals(Locks.leaseForPvc("prod", "data"), Locks.leaseFor("prod", "data"), "claims keep their lease names");
    assertEquals("app.dump", postgres().streamFile());
    assertTrue(JobView.active("x") != null);
  }
}
