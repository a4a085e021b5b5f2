package dev.lifeboat.cli.sandbox;

import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.sandbox.SandboxPvcs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code lifeboat sandbox pvc create NAME [--from-dir SRC]}. */
@Command(name = "create", description = "Create a bound PVC whose data folder is DIR/pvc/<namespace>/NAME.%n"
    + "With --node, its volume is a local volume of that node: every pod that mounts it runs there.")
public final class SandboxPvcCreateCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME")
  String name;

  @Option(names = "--from-dir", paramLabel = "SRC", description = "Fill the claim with a copy of this folder.")
  Path fromDir;

  @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "A label on the claim (repeatable).")
  Map<String, String> labels = new LinkedHashMap<>();

  @Option(names = "--access-mode", paramLabel = "MODE", defaultValue = "RWO",
      description = "RWO (ReadWriteOnce: one node at a time; default), RWX (ReadWriteMany), ROX (ReadOnlyMany) or RWOP"
          + " (ReadWriteOncePod: one pod).")
  String accessMode;

  @Option(names = "--node", paramLabel = "NODE", description = "Pin the volume to this node (its PV's node affinity).")
  String node;

  @Option(names = "--dir", paramLabel = "DIR", description = "The sandbox folder (default: the folder of --kubeconfig, or of $KUBECONFIG).")
  Path dir;

  @Override
  protected int run() throws IOException {
    Validation.objectName("PVC name", name);
    SandboxPvcs.AccessMode mode;
    try {
      mode = SandboxPvcs.AccessMode.valueOf(accessMode.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw UserException.usage("--access-mode " + accessMode + ": use RWO, RWX, ROX or RWOP");
    }
    if (fromDir != null && !Files.isDirectory(fromDir)) {
      throw UserException.usage("--from-dir " + fromDir + " is not a directory");
    }
    String kubeconfig = kube().kubeconfigFile();
    Path root = dir != null ? dir : kubeconfig == null ? null : Path.of(kubeconfig).toAbsolutePath().getParent();
    if (root == null || !Files.exists(root.resolve("kubeconfig"))) {
      throw UserException.usage("not a sandbox: pass --kubeconfig DIR/kubeconfig of a running 'lifeboat sandbox start --dir DIR'");
    }
    String ns = namespace();
    if (client().persistentVolumeClaims().inNamespace(ns).withName(name).get() != null) {
      throw UserException.usage("PersistentVolumeClaim \"" + name + "\" already exists in namespace " + ns);
    }
    Validation.labels("--label", labels);
    if (node != null && client().nodes().withName(node).get() == null) {
      throw UserException.usage("--node " + node + ": no such node (kubectl get nodes lists them: node-1 ...)");
    }
    SandboxPvcs.create(client(), new SandboxPaths(root), ns, name, fromDir, labels, mode, node);
    out().println("persistentvolumeclaim/" + name + " created (data: " + new SandboxPaths(root).pvc(ns, name) + ")");
    return ExitCodes.OK;
  }
}
