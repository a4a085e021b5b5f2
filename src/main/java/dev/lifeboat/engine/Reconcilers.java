package dev.lifeboat.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The reconcilers the engine runs, as the caller registers them (lifeboat's own come from
 * {@code kinds.Kinds}: the engine names no kind itself). The order is the once pass's.
 */
public final class Reconcilers {
  private final List<Reconciler<?>> all;
  private final Set<Class<? extends HasMetadata>> cachedKinds = new LinkedHashSet<>();

  /**
   * @param all the reconcilers, in dependency order (a Repository made Ready is seen by its Backups)
   * @param dependencies the Kubernetes kinds they read besides their own: a controller caches these
   */
  public Reconcilers(List<Reconciler<?>> all, List<Class<? extends HasMetadata>> dependencies) {
    this.all = List.copyOf(all);
    all.forEach(r -> cachedKinds.add(r.type()));
    cachedKinds.addAll(dependencies);
    all.forEach(r -> cachedKinds.addAll(r.wokenBy()));
  }

  public List<Reconciler<?>> all() {
    return all;
  }

  /** The reconciler of a kind by its name ("Backup"), as Job labels and work-queue keys carry it. */
  public Optional<Reconciler<?>> forKind(String kind) {
    return all.stream().filter(r -> r.type().getSimpleName().equals(kind)).findFirst();
  }

  /** Every kind the controller keeps a cache of: lifeboat's own, then their dependencies. */
  public Set<Class<? extends HasMetadata>> cachedKinds() {
    return cachedKinds;
  }
}
