package dev.lifeboat.engine;
import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.kinds.restore.RestoreReconciler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.Restore;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import dev.lifeboat.lifecycle.Locks;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A restore that holds its lock renews the Lease every 30 s (a sign of life), and only its own Lease. */
class LockRenewalTest {
  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private static Restore restore() {
    Restore r = new Restore();
    r.getMetadata().setNamespace("ns");
    r.getMetadata().setName("r1");
    return r;
  }

  private static Lease lease(String holder, Instant renewed) {
    return new LeaseBuilder().withNewMetadata().withNamespace("ns").withName(Locks.leaseForPvc("ns", "data"))
        .endMetadata().withNewSpec().withHolderIdentity(holder)
        .withRenewTime(ZonedDateTime.ofInstant(renewed, ZoneOffset.UTC)).endSpec().build();
  }

  private static int renewals(Lease lease, Instant now) {
    EngineConflictTest.FakeView view = new EngineConflictTest.FakeView() {
      @Override
      public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return type == Lease.class && name.equals(lease.getMetadata().getName()) ? type.cast(lease) : super.get(type, namespace, name);
      }
    };
    EngineConflictTest.RecordingWriter writer = new EngineConflictTest.RecordingWriter();
    ReconcileContext ctx = new ReconcileContext(view, view, new ActionApplier(view, writer, Kinds.reconcilers()),
        new JobFactory(new JobSettings("img", "sa", "IfNotPresent")), Clock.fixed(now, ZoneOffset.UTC));
    Optional<Duration> again = RestoreReconciler.renewHeldLock(restore(), ctx, "data", null);
    assertEquals(Optional.of(RestoreReconciler.LOCK_RENEWAL), again, "a holder looks again within the renewal period");
    return (int) writer.writes.stream().filter(w -> w.startsWith("renew")).count();
  }

  @Test
  void renewsOnlyWhenThePeriodPassed() {
    String me = Locks.holder("Restore", "ns", "r1");
    assertEquals(0, renewals(lease(me, T0), T0.plusSeconds(10)));
    assertEquals(0, renewals(lease(me, T0), T0.plusSeconds(299)));
    assertEquals(1, renewals(lease(me, T0), T0.plusSeconds(300)));
    assertEquals(1, renewals(lease(me, T0), T0.plusSeconds(3600)));
  }

  @Test
  void neverRenewsAnotherHoldersLease() {
    EngineConflictTest.FakeView view = new EngineConflictTest.FakeView();
    Lease others = lease(Locks.holder("Restore", "ns", "someone-else"), T0);
    EngineConflictTest.RecordingWriter writer = new EngineConflictTest.RecordingWriter();
    ReconcileContext ctx = new ReconcileContext(new EngineConflictTest.FakeView() {
      @Override
      public <T extends HasMetadata> T get(Class<T> type, String namespace, String name) {
        return type == Lease.class ? type.cast(others) : super.get(type, namespace, name);
      }
    }, view, new ActionApplier(view, writer, Kinds.reconcilers()), new JobFactory(new JobSettings("img", "sa", "IfNotPresent")),
        Clock.fixed(T0.plusSeconds(600), ZoneOffset.UTC));
    assertEquals(Optional.of(Duration.ofSeconds(7)),
        RestoreReconciler.renewHeldLock(restore(), ctx, "data", Duration.ofSeconds(7)), "not the holder: its own requeue");
    assertEquals(List.of(), writer.writes);
  }
}
