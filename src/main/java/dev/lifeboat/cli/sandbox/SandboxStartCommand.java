package dev.lifeboat.cli.sandbox;

import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.LifeboatCommand;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import java.io.IOException;

/** {@code lifeboat sandbox start --dir DIR}: runs in the foreground until interrupted. */
@Command(name = "start", description = "Start a sandbox in DIR and run until interrupted (Ctrl-C).%n"
    + "Then use: lifeboat --kubeconfig DIR/kubeconfig ...  (kubectl works too: get -w, apply, edit, taint, scale).")
public final class SandboxStartCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--dir", required = true, paramLabel = "DIR", description = "Folder for the kubeconfig, PVC data and pod logs.")
  Path dir;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0", description = "API server port on 127.0.0.1 (default: any free one).")
  int port;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
      description = "How many nodes (node-1 ... node-N) the sandbox places pods on (default 3).")
  int nodes;

  @Option(names = "--no-reconcile", description = "Leave the controller out: run 'lifeboat reconcile --watch' yourself.")
  boolean noReconcile;

  @Override
  public Integer call() throws Exception {
    if (port < 0 || port > 65535) {
      throw UserException.usage("--port must be between 0 and 65535");
    }
    if (nodes < 1 || nodes > 100) {
      throw UserException.usage("--nodes must be between 1 and 100");
    }
    LifeboatCommand root = (LifeboatCommand) spec.root().userObject();
    CountDownLatch stop = new CountDownLatch(1);
    Sandbox sandbox;
    try {
      sandbox = Sandbox.start(new SandboxPaths(dir), port, null, !noReconcile, java.util.Map.of(), nodes);
    } catch (IOException e) {
      throw UserException.usage("--dir " + dir + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (e.getMessage() != null && e.getMessage().contains("Address already in use")) {
        throw UserException.usage("--port " + port + " is already in use: pick another, or 0 for any free port");
      }
      throw e;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      sandbox.close();
      stop.countDown();
    }));
    root.out.println("sandbox ready at " + sandbox.server().url() + " with " + nodes + " node(s); kubeconfig: "
        + sandbox.paths().kubeconfig()
        + (noReconcile ? " (controller not running)" : ""));
    root.out.flush();
    stop.await();
    return ExitCodes.OK;
  }
}
