package dev.lifeboat.kinds;

import dev.lifeboat.engine.Reconciler;
import dev.lifeboat.kind.Kind;
import dev.lifeboat.engine.Reconcilers;
import dev.lifeboat.kinds.backup.BackupKind;
import dev.lifeboat.kinds.drill.DrillKind;
import dev.lifeboat.kinds.hibernate.HibernateKind;
import dev.lifeboat.kinds.repository.RepositoryKind;
import dev.lifeboat.kinds.restore.RestoreKind;
import dev.lifeboat.kinds.schedule.ScheduleKind;
import dev.lifeboat.output.Column;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one list of lifeboat's kinds. A new kind is a lifecycle package, a folder under kinds/ (its
 * reconciler and its {@link Kind}) and one line here; the CLI's {@code get}, install's CRDs and
 * ClusterRoles, the metrics and the engine all read this list.
 */
public final class Kinds {
  /** In dependency order: the once pass visits kinds in this order (a Repository made Ready is seen by its Backups). */
  public static final List<Kind<?>> ALL = List.of(
      RepositoryKind.KIND,
      ScheduleKind.KIND,
      HibernateKind.KIND,
      BackupKind.KIND,
      RestoreKind.KIND,
      DrillKind.KIND);

  /** The Kubernetes kinds reconcilers read besides their own: the controller caches these. */
  private static final List<Class<? extends HasMetadata>> DEPENDENCIES = List.of(
      Job.class, Pod.class, PersistentVolumeClaim.class, Lease.class, Deployment.class, StatefulSet.class, ConfigMap.class,
      CronJob.class);

  private static final Reconcilers RECONCILERS = new Reconcilers(
      ALL.stream().<Reconciler<?>>map(Kind::reconciler).toList(), DEPENDENCIES);

  private Kinds() {}

  /** The engine's view of the kinds: their reconcilers and what they read. */
  public static Reconcilers reconcilers() {
    return RECONCILERS;
  }

  /** The kind of an API class. */
  @SuppressWarnings("unchecked")
  public static <R extends CustomResource<?, ?>> Kind<R> of(Class<R> type) {
    return (Kind<R>) ALL.stream().filter(k -> k.type() == type).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("not a lifeboat kind: " + type.getName()));
  }

  /** {@code get}'s table of a kind. */
  public static <R extends CustomResource<?, ?>> List<Column<R>> columns(Class<R> type) {
    return of(type).columns();
  }

  /** The kind a name given on the command line means: the plural, the singular or a short name, any case. */
  public static Optional<Kind<?>> named(String name) {
    String wanted = name.toLowerCase(Locale.ROOT);
    return ALL.stream().filter(k -> k.plural().equals(wanted) || k.aliases().contains(wanted)).findFirst();
  }

  /** The plurals, as completion offers them and an error lists them. */
  public static List<String> plurals() {
    List<String> plurals = new ArrayList<>();
    ALL.forEach(k -> plurals.add(k.plural()));
    return plurals;
  }

  /** The CRD-backed API classes, for install and uninstall. */
  public static List<Class<? extends CustomResource<?, ?>>> types() {
    return ALL.stream().<Class<? extends CustomResource<?, ?>>>map(Kind::type).toList();
  }
}
