package dev.lifeboat.cli;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.engine.ControllerHealth;
import dev.lifeboat.engine.ControllerMetrics;
import dev.lifeboat.cluster.KubeApiWriter;
import dev.lifeboat.engine.MetricsServer;
import dev.lifeboat.engine.LeaderElection;
import dev.lifeboat.engine.OncePass;
import dev.lifeboat.engine.WatchController;
import dev.lifeboat.jobs.JobFactory;
import dev.lifeboat.jobs.JobSettings;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import java.net.InetAddress;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code lifeboat reconcile --watch | --once}: the controller. */
@Command(name = "reconcile", description = "Run the controller: --watch as a long-lived loop, --once as one pass (cron).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {"0:pass done (--once) or stopped cleanly (--watch)",
        "2:bad flags", "5:the Kubernetes API could not be reached"})
public final class ReconcileCommand extends ClientCommand {
  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @Option(names = "--watch", required = true, description = "Watch and reconcile until stopped.")
    boolean watch;

    @Option(names = "--once", required = true, description = "One pass over every object, then exit.")
    boolean once;
  }

  @Option(names = "--leader-elect", description = "With --watch: run only while holding the Lease (for several replicas).")
  boolean leaderElect;

  @Option(names = "--lease-namespace", paramLabel = "NS", description = "Namespace of the leader Lease (default: the current namespace).")
  String leaseNamespace;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "4", description = "Parallel reconciles (default: ${DEFAULT-VALUE}).")
  int workers;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "With --watch: serve /metrics (Prometheus), /healthz and /readyz on this port (off by default).")
  Integer metricsPort;

  @Option(names = "--log-format", paramLabel = "FORMAT", defaultValue = "text",
      description = "text (default) or json: one JSON object per log line, for log collectors.")
  String logFormat;

  @Option(names = "--max-concurrent-jobs", paramLabel = "N", defaultValue = "${env:LIFEBOAT_MAX_CONCURRENT_JOBS:-20}",
      description = {"At most N of lifeboat's Jobs at once, install-wide (default: $LIFEBOAT_MAX_CONCURRENT_JOBS, else"
          + " ${DEFAULT-VALUE}; 0: no limit). Backups past it wait as Pending, the longest waiting first; restores and"
          + " maintenance are never held but take slots. A Repository's spec.maxConcurrentJobs limits its own."})
  int maxConcurrentJobs;

  @Option(names = "--max-concurrent-jobs-per-node", paramLabel = "N",
      defaultValue = "${env:LIFEBOAT_MAX_CONCURRENT_JOBS_PER_NODE:-0}",
      description = {"At most N of lifeboat's Jobs at once on one node (default: $LIFEBOAT_MAX_CONCURRENT_JOBS_PER_NODE,"
          + " else 0: no limit). Applies to backups of claims pinned to a node (a local volume, a ReadWriteOnce claim a"
          + " running pod has attached): the others' node is the scheduler's choice, made after their Job exists."})
  int maxConcurrentJobsPerNode;

  @Option(names = "--image", paramLabel = "IMAGE", description = "Image of the Jobs (default: $LIFEBOAT_IMAGE or the release image).")
  String image;

  @Override
  protected int run() throws Exception {
    if (workers < 1 || workers > 64) {
      throw UserException.usage("--workers must be between 1 and 64");
    }
    if (maxConcurrentJobs < 0 || maxConcurrentJobs > 100_000) {
      throw UserException.usage("--max-concurrent-jobs must be between 0 (no limit) and 100000");
    }
    if (maxConcurrentJobsPerNode < 0 || maxConcurrentJobsPerNode > 1000) {
      throw UserException.usage("--max-concurrent-jobs-per-node must be between 0 (no limit) and 1000");
    }
    if (leaderElect && !mode.watch) {
      throw UserException.usage("--leader-elect goes with --watch");
    }
    if (metricsPort != null && (!mode.watch || metricsPort < 0 || metricsPort > 65535)) {
      throw UserException.usage(!mode.watch ? "--metrics-port goes with --watch" : "--metrics-port must be 0-65535");
    }
    if (!logFormat.equals("text") && !logFormat.equals("json")) {
      throw UserException.usage("--log-format \"" + logFormat + "\": use text or json");
    }
    if (!kube().verbose) {
      // A controller reports every phase change (one line each); -v adds every status change and details.
      Logger.getLogger("dev.lifeboat").setLevel(Level.INFO);
    }
    if (logFormat.equals("json")) {
      for (Handler handler : Logger.getLogger("").getHandlers()) {
        handler.setFormatter(new JsonLogFormatter());
      }
    }
    JobFactory jobs = jobs();
    String scope = kube().allNamespaces || kube().namespace == null ? null : kube().namespace;
    KubeApiWriter writer = new KubeApiWriter(client(), clock());
    if (mode.once) {
      int count = new OncePass(Kinds.reconcilers(), client(), writer, jobs, clock()).run(scope);
      out().println("reconciled " + count + " object(s)");
      return ExitCodes.OK;
    }
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown));
    ControllerMetrics metrics = new ControllerMetrics();
    try (WatchController controller = new WatchController(Kinds.reconcilers(), client(), scope, writer, jobs, clock(), workers)
        .withMetrics(metrics)) {
      ControllerHealth health = new ControllerHealth(leaderElect, controller::cachesSynced, controller::notAlive);
      MetricsServer server = metricsPort == null ? null : MetricsServer.start(metricsPort, metrics, health);
      if (server != null) {
        say("/metrics, /healthz, /readyz on port " + server.port());
      }
      try {
        watch(controller, metrics, health, stop);
      } finally {
        if (server != null) {
          server.close();
        }
      }
    }
    return ExitCodes.OK;
  }

  /** Install-wide defaults of every Job's pod, under each Repository's and run's own jobTemplate. */
  @picocli.CommandLine.Mixin
  JobTemplateOptions jobPods = new JobTemplateOptions();

  @Override
  protected JobSettings jobSettings() {
    JobSettings defaults = super.jobSettings();
    return (image == null ? defaults : new JobSettings(image, defaults.serviceAccount(), defaults.imagePullPolicy(),
        null, defaults.tenancy())).withJobDefaults(jobPods.build()).withMaxConcurrentJobs(maxConcurrentJobs)
        .withMaxConcurrentJobsPerNode(maxConcurrentJobsPerNode);
  }

  /** Runs the controller until stopped: at once, or while holding the leader Lease. */
  private void watch(WatchController controller, ControllerMetrics metrics, ControllerHealth health,
      CountDownLatch stop) throws Exception {
    String scope = kube().allNamespaces || kube().namespace == null ? null : kube().namespace;
    if (!leaderElect) {
      metrics.leading(true);
      controller.start();
      say("reconciling" + (scope == null ? " in all namespaces" : " in namespace " + scope));
      stop.await();
      return;
    }
    String identity = System.getenv().getOrDefault("POD_NAME", InetAddress.getLocalHost().getHostName())
        + "-" + ProcessHandle.current().pid();
    LeaderElection election = LeaderElection.forController(client(),
        leaseNamespace == null ? namespace() : leaseNamespace, identity, controller, metrics, health,
        () -> say("leading (" + identity + "); reconciling"), () -> {
          say("lost leadership; exiting");
          stop.countDown();
        }, LeaderElection.DEFAULT_LEASE);
    election.start();
    say("waiting to lead (" + identity + ")");
    stop.await();
    election.close();
  }

  /** The controller's own news: a log record in json mode (one format on stderr), else a plain line. */
  private void say(String message) {
    if (logFormat.equals("json")) {
      Logger.getLogger("dev.lifeboat.controller").info(message);
    } else {
      err().println("lifeboat: " + message);
    }
  }
}
