package dev.lifeboat.engine;

import dev.lifeboat.cluster.Scopes;
import dev.lifeboat.cluster.ResourceKey;
import dev.lifeboat.cluster.LiveView;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Labels;
import dev.lifeboat.jobs.JobFactory;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code reconcile --watch}: informers on lifeboat's kinds, on lifeboat's Jobs and Pods (by label)
 * and on PVCs feed a de-duplicating work queue; workers run the {@link Engine} per key. Reads come
 * from the caches; only a status update, a Job create and an Event are API requests in the
 * common path.
 */
public final class WatchController implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(WatchController.class.getName());
  private static final long RESYNC_MILLIS = Duration.ofMinutes(10).toMillis();

  private final Reconcilers reconcilers;
  private final KubernetesClient client;
  private final String namespace;
  private final ApiWriter writer;
  private final JobFactory jobs;
  private final Clock clock;
  private final int workers;
  private final WorkQueue<ResourceKey> queue = new WorkQueue<>();
  private final Backoff<ResourceKey> backoff = new Backoff<>();
  /** Why a worker thread ended other than by {@link #close} (an Error), or null while all work. */
  private volatile String deadWorker;
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicLong reconciles = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private volatile boolean started;
  private volatile boolean synced;
  private ControllerHeartbeat heartbeat;
  private ControllerMetrics metrics;

  /**
   * @param namespace the namespace to watch, or null for all
   */
  public WatchController(Reconcilers reconcilers, KubernetesClient client, String namespace, ApiWriter writer,
      JobFactory jobs, Clock clock, int workers) {
    this.reconcilers = reconcilers;
    this.client = client;
    this.namespace = namespace;
    this.writer = writer;
    this.jobs = jobs;
    this.clock = clock;
    this.workers = workers;
  }

  /** Records this controller's metrics there (call before {@link #start()}). */
  public WatchController withMetrics(ControllerMetrics metrics) {
    this.metrics = metrics;
    return this;
  }

  /** True once every informer's first list is in its cache (and until close): what /readyz asks. */
  public boolean cachesSynced() {
    return synced && informers.stream().allMatch(SharedIndexInformer::hasSynced);
  }

  /** Starts the informers, waits until their caches are filled, then starts the workers. */
  /**
   * One thread for what the controller does beside reconciling, on an informer's news: keeping an ended Job's log
   * ({@link RunLogKeeper}), removing what earlier builds left on claims ({@link LegacyFinalizers}).
   */
  private ExecutorService sideWork;

  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    Map<Class<?>, SharedIndexInformer<?>> byKind = new LinkedHashMap<>();
    for (Class<? extends HasMetadata> kind : reconcilers.cachedKinds()) {
      byKind.put(kind, informer(kind));
    }
    @SuppressWarnings("unchecked")
    SharedIndexInformer<Pod> pods = (SharedIndexInformer<Pod>) byKind.get(Pod.class);
    pods.addIndexers(Map.of(InformerView.PODS_BY_JOB, (Function<Pod, List<String>>) p -> {
      String job = p.getMetadata().getLabels() == null ? null : p.getMetadata().getLabels().get("job-name");
      return job == null ? List.of() : List.of(p.getMetadata().getNamespace() + "/" + job);
    }));
    @SuppressWarnings("unchecked")
    SharedIndexInformer<Job> jobInformer = (SharedIndexInformer<Job>) byKind.get(Job.class);
    jobInformer.addEventHandler(handler(this::enqueueOwner));
    sideWork = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "lifeboat-side-work");
      t.setDaemon(true);
      return t;
    });
    RunLogKeeper runLogs = new RunLogKeeper(client, sideWork);
    jobInformer.addEventHandler(handler(runLogs::jobChanged, runLogs::jobGone));
    LegacyFinalizers legacy = new LegacyFinalizers(client, sideWork);
    @SuppressWarnings("unchecked")
    SharedIndexInformer<PersistentVolumeClaim> claims = (SharedIndexInformer<PersistentVolumeClaim>) byKind
        .get(PersistentVolumeClaim.class);
    claims.addEventHandler(handler(legacy::claimChanged, gone -> { }));
    pods.addEventHandler(handler(this::enqueueOwner));
    for (Reconciler<?> reconciler : reconcilers.all()) {
      wire(reconciler, byKind);
    }
    InformerView cache = new InformerView(byKind);
    if (metrics != null) {
      jobInformer.addEventHandler(handler(metrics::jobSeen, metrics::jobGone));
      metrics.watch(cache, queue::depth, reconcilers, clock);
    }
    Engine engine = new Engine(reconcilers, cache, new LiveView(client), writer, jobs, clock);
    @SuppressWarnings("unchecked")
    SharedIndexInformer<Backup> backupInformer = (SharedIndexInformer<Backup>) byKind.get(Backup.class);
    if (backupInformer != null) { // a controller of some kinds only (tests) has no Backups to wake
      jobInformer.addEventHandler(new SlotWakeups(backupInformer.getStore()::list, queue::add));
      engine.slots().wakeWhenSlotsFree();
    }
    for (SharedIndexInformer<?> informer : informers) {
      informer.run(); // returns once the initial list is in the cache
    }
    synced = true;
    heartbeat = new ControllerHeartbeat(client, clock, namespace);
    heartbeat.start(); // from now on, a --wait elsewhere leaves the driving to this controller
    for (int i = 0; i < workers; i++) {
      Thread t = new Thread(() -> work(engine), "lifeboat-worker-" + i);
      t.setDaemon(true);
      t.start();
      threads.add(t);
    }
  }

  /** A kind's own changes enqueue it; a change of a kind it is woken by enqueues its unsettled objects of that namespace. */
  @SuppressWarnings("unchecked")
  private <R extends HasMetadata> void wire(Reconciler<R> reconciler, Map<Class<?>, SharedIndexInformer<?>> byKind) {
    SharedIndexInformer<R> own = (SharedIndexInformer<R>) byKind.get(reconciler.type());
    own.addEventHandler(handler(o -> queue.add(ResourceKey.of(o))));
    own.addEventHandler(handler(this::enqueueOwner)); // a Schedule's Backup wakes its Schedule
    for (Class<? extends HasMetadata> trigger : reconciler.wokenBy()) {
      ((SharedIndexInformer<HasMetadata>) byKind.get(trigger)).addEventHandler(handler(changed -> {
        for (R waiting : own.getIndexer().byIndex("namespace", changed.getMetadata().getNamespace())) {
          if (reconciler.unsettled(waiting)) {
            queue.add(ResourceKey.of(waiting));
          }
        }
      }));
    }
  }

  private <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> kind) {
    var op = client.resources(kind);
    var scoped = namespace == null ? op.inAnyNamespace() : op.inNamespace(namespace);
    String label = Scopes.labelOf(kind);
    SharedIndexInformer<T> informer = informer(label == null ? scoped : scoped.withLabel(label, Scopes.labelValue()));
    informer.itemStore(new TrimmedItemStore<>(Scopes.trim(kind)));
    return informer;
  }

  private <T extends HasMetadata> SharedIndexInformer<T> informer(Informable<T> source) {
    SharedIndexInformer<T> informer = source.runnableInformer(RESYNC_MILLIS);
    informer.exceptionHandler(WatchController::retryInformer);
    informers.add(informer);
    return informer;
  }

  /**
   * Whether an informer tries again after a failed list or watch (with fabric8's reconnect backoff:
   * 1 s doubling to 32 s). fabric8 gives up on any failure of the first list, so a controller started
   * while the API answered one request with a 500 used to exit. Only a refusal of who we are (401,
   * 403) before the first list ends the start: no retry fixes credentials or RBAC, and the operator
   * must hear it. Once running, everything is retried: RBAC may come back; the cache must not freeze.
   */
  static boolean retryInformer(boolean started, Throwable failure) {
    if (!started && ApiFailures.refusesIdentity(failure)) {
      LOG.severe(() -> "the API refused the controller's first list: " + failure.getMessage());
      return false;
    }
    LOG.log(started ? Level.FINE : Level.WARNING, "an informer's list or watch failed; retrying: " + failure.getMessage());
    return true;
  }

  private void enqueueOwner(HasMetadata jobOrPod) {
    Map<String, String> labels = jobOrPod.getMetadata().getLabels();
    Map<String, String> annotations = jobOrPod.getMetadata().getAnnotations();
    if (labels == null) {
      return;
    }
    String kind = labels.get(Labels.OWNER_KIND);
    String name = annotations != null && annotations.get(Labels.OWNER_NAME) != null
        ? annotations.get(Labels.OWNER_NAME) : labels.get(Labels.OWNER_NAME);
    if (kind == null || name == null) {
      return;
    }
    if (reconcilers.forKind(kind).isEmpty()) {
      LOG.fine(() -> "ignoring Job of unknown owner kind " + kind);
      return;
    }
    queue.add(new ResourceKey(kind, jobOrPod.getMetadata().getNamespace(), name));
    String waiting = annotations == null ? null : annotations.get(Labels.WAKE);
    if (waiting != null) {
      for (String entry : waiting.split(",")) {
        String[] kindAndName = entry.split("/", 2);
        if (kindAndName.length == 2 && reconcilers.forKind(kindAndName[0]).isPresent()) {
          queue.add(new ResourceKey(kindAndName[0], jobOrPod.getMetadata().getNamespace(), kindAndName[1]));
        }
      }
    }
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange) {
    return handler(onChange, onChange);
  }

  private static <T extends HasMetadata> ResourceEventHandler<T> handler(Consumer<T> onChange, Consumer<T> onDelete) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        onChange.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        onChange.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        onDelete.accept(obj);
      }
    };
  }

  private void work(Engine engine) {
    while (true) {
      ResourceKey key;
      try {
        key = queue.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (key == null) {
        return;
      }
      long startNanos = System.nanoTime();
      try {
        Optional<Duration> again = engine.reconcile(key);
        reconciles.incrementAndGet();
        if (metrics != null) {
          metrics.reconciled(key.kind(), true, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        succeeded(key, again);
      } catch (RuntimeException e) {
        if (stoppedDuring(e)) {
          return; // closed while a request was on its way: shutting down, not a failure to report
        }
        errors.incrementAndGet();
        if (metrics != null) {
          metrics.reconciled(key.kind(), false, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        Duration wait = failed(key);
        LOG.log(Level.WARNING, "reconcile of " + key + " failed (" + backoff.failures(key) + " in a row); retrying in "
            + wait.toMillis() + " ms: " + e.getMessage(), e);
      } catch (Error e) {
        // Not a failure of one object: the worker cannot go on. /healthz fails from now on, so the
        // kubelet restarts the pod instead of leaving a controller that runs with no workers.
        deadWorker = Thread.currentThread().getName() + " died: " + e;
        LOG.log(Level.SEVERE, "reconcile of " + key + ": " + deadWorker, e);
        throw e;
      } finally {
        queue.done(key);
      }
    }
  }

  /** A reconcile of {@code key} worked: its next failure waits the first backoff again; look again after {@code again}. */
  void succeeded(ResourceKey key, Optional<Duration> again) {
    backoff.succeeded(key);
    again.ifPresent(d -> queue.addAfter(key, d));
  }

  /** A reconcile of {@code key} failed: it is queued again after its backoff, which this returns. */
  Duration failed(ResourceKey key) {
    Duration wait = backoff.failed(key);
    queue.addAfter(key, wait);
    return wait;
  }

  /** Whether a reconcile failed because this worker was interrupted (by {@link #close}). */
  static boolean stoppedDuring(RuntimeException e) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    // Only InterruptedException itself: a socket timeout is an InterruptedIOException too, and no reason to stop.
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        return true;
      }
    }
    return false;
  }

  /** True when no key is queued or being worked on. */
  public boolean isIdle() {
    return queue.isIdle();
  }

  /** Why the controller is no longer alive (a worker died of an Error), or null while it is. */
  public String notAlive() {
    return deadWorker;
  }

  public long reconcileCount() {
    return reconciles.get();
  }

  @Override
  public synchronized void close() {
    synced = false;
    if (heartbeat != null) {
      heartbeat.close();
    }
    queue.shutdown();
    for (SharedIndexInformer<?> informer : informers) {
      informer.stop();
    }
    if (sideWork != null) {
      sideWork.shutdownNow(); // after the informers: no news comes to a stopped executor
    }
    for (Thread t : threads) {
      t.interrupt();
    }
  }
}
