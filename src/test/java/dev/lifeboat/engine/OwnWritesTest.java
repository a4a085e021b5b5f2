package dev.lifeboat.engine;

import dev.lifeboat.cluster.ResourceKey;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lifeboat.api.Copies;
import dev.lifeboat.engine.OwnWrites.Freshness;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import java.time.ZonedDateTime;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Read-your-own-writes over the cache: a copy our write replaced is waited out, then read live, never decided on. */
class OwnWritesTest {
  private final AtomicLong nanos = new AtomicLong();
  private final OwnWrites writes = new OwnWrites(nanos::get);
  private final ResourceKey key = ResourceKey.of(ConfigMap.class, "shop", "r-restore-data");

  private static ConfigMap version(String rv) {
    return new ConfigMapBuilder().withNewMetadata().withName("r-restore-data").withNamespace("shop")
        .withResourceVersion(rv).endMetadata().build();
  }

  @Test
  void anObjectNeverWrittenIsCurrent() {
    assertEquals(Freshness.CURRENT, writes.of(key, version("5")));
    assertEquals(Freshness.CURRENT, writes.of(key, null));
  }

  @Test
  void aReplacedVersionIsWaitedOutUntilTheCacheShowsAnother() {
    writes.wrote(key, version("5"));
    assertEquals(Freshness.STALE_WAIT, writes.of(key, version("5")));
    assertEquals(Freshness.CURRENT, writes.of(key, version("6")));
    assertEquals(Freshness.CURRENT, writes.of(key, version("5")), "caught up once: forgotten");
  }

  @Test
  void aCreatedObjectTheCacheLacksIsWaitedOut() {
    writes.wrote(key, (ConfigMap) null);
    assertEquals(Freshness.STALE_WAIT, writes.of(key, null));
    assertEquals(Freshness.CURRENT, writes.of(key, version("1")));
  }

  @Test
  void anOverdueEventMeansReadTheServer() {
    writes.wrote(key, version("5"));
    nanos.addAndGet(OwnWrites.GRACE.toNanos() - 1);
    assertEquals(Freshness.STALE_WAIT, writes.of(key, version("5")));
    nanos.addAndGet(1);
    assertEquals(Freshness.STALE_READ, writes.of(key, version("5")));
    assertEquals(Freshness.STALE_READ, writes.of(key, version("5")), "until the cache catches up");
    assertEquals(Freshness.CURRENT, writes.of(key, version("7")));
  }

  @Test
  void keysOfOtherObjectsAreIndependent() {
    writes.wrote(key, version("5"));
    assertEquals(Freshness.CURRENT, writes.of(ResourceKey.of(Lease.class, "shop", "r-restore-data"), version("5")));
  }

  @Test
  void aLeaseWithItsTimesCanBeCopied() {
    // Its renewal and release write from a copy of the cached Lease: before JavaTimeModule this threw.
    Lease lease = new LeaseBuilder().withNewMetadata().withName("l").endMetadata().withNewSpec().withHolderIdentity("me")
        .withRenewTime(ZonedDateTime.parse("2026-11-30T10:15:30.123456Z")).endSpec().build();
    Lease copy = Copies.deepCopy(lease, Lease.class);
    assertEquals(lease.getSpec().getRenewTime().toInstant(), copy.getSpec().getRenewTime().toInstant());
    assertEquals("me", copy.getSpec().getHolderIdentity());
  }
}
