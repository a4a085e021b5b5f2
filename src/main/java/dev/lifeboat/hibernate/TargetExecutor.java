package dev.lifeboat.hibernate;

import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import java.util.List;

/**
 * One target type: how to find its objects, record them, put them to rest and bring them back.
 * Shutting down is two calls, {@link #capture} then {@link #shutdown}, because the capture must be
 * stored before anything is stopped: a crash between a stop and its record would lose the state.
 * Every call reads fresh from the server ({@code live}); every write goes through the
 * {@link ApiWriter}, guarded by the version read.
 */
public interface TargetExecutor {
  /** The spec's {@code type} this executor handles. */
  String type();

  /**
   * Whether the target is acted on in a {@code hibernate-manager} Job (cloud targets: their
   * credentials stay in that Job) rather than by the controller itself.
   */
  default boolean remote() {
    return false;
  }

  /** The target's objects as they are now. */
  State observe(ClusterView live, String namespace, HibernateTarget target);

  /** What the target looks like now, as restore data: JSON of its objects' saved fields. */
  Capture capture(ClusterView live, String namespace, HibernateTarget target);

  /** Puts every object of the target to rest; objects already at rest are not written. */
  void shutdown(ApiWriter writer, ClusterView live, String namespace, HibernateTarget target);

  /**
   * Brings the target back from {@code data} (a {@link Capture#data}). Only objects still at rest are
   * changed: one a person changed while the plan slept is left as it is.
   *
   * @return what was left alone and why, for Events
   */
  List<String> wakeUp(ApiWriter writer, ClusterView live, String namespace, HibernateTarget target, String data);

  /**
   * @param items refs of the objects (deployment/api, cronjob/report, ...)
   * @param stopped every object is at rest
   * @param settled no pod of an object is left (true for kinds without pods)
   * @param ready every object is up and ready (true for kinds without pods)
   * @param warning worth an Event, not a failure (a selector matching nothing), or null
   */
  record State(List<String> items, boolean stopped, boolean settled, boolean ready, String warning) {}

  /** @param isLive the target was running when captured */
  record Capture(boolean isLive, String data) {}
}
