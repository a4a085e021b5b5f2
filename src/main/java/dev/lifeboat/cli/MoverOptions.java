package dev.lifeboat.cli;

import dev.lifeboat.api.MoverSecurityContext;
import dev.lifeboat.lifecycle.mover.MoverIdentity;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --run-as}: who the Job that reads or writes the claim (the mover) runs as ({@link MoverIdentity}), shared by
 * the commands that create Backups, Restores and Schedules. Unset: the identity of the pods that mount the claim, or
 * the privileged mover where the namespace allows it.
 */
public final class MoverOptions {
  private static final Pattern IDENTITY = Pattern.compile("^(\\d{1,10})(:(\\d{1,10}))?$");

  @Option(names = "--run-as", paramLabel = "UID[:GID]|app|privileged",
      description = "Who the mover (the Job that reads or writes the claim) runs as: UID[:GID] (the data's owner;"
          + " spec.moverSecurityContext), app (the identity of the pods that mount the claim, even where privileged"
          + " movers are allowed), or privileged (root with only the capabilities it needs; the namespace must be"
          + " annotated lifeboat.dev/privileged-movers=true). Default: privileged where the namespace allows it, else app.")
  String runAs;

  /** spec.moverSecurityContext, or null. */
  public MoverSecurityContext securityContext() {
    if (runAs == null || runAs.equals("app") || runAs.equals("privileged")) {
      return null;
    }
    Matcher m = IDENTITY.matcher(runAs);
    if (!m.matches()) {
      throw UserException.usage("--run-as '" + runAs + "' is not UID[:GID], app or privileged: e.g. --run-as 999:999");
    }
    long uid = parse(m.group(1));
    Long gid = m.group(3) == null ? null : parse(m.group(3));
    if (uid == 0) {
      throw UserException.usage("--run-as 0 would run the mover as root with no capability to read or write others'"
          + " files: use --run-as privileged (root with only the capabilities it needs) in a namespace that allows it");
    }
    return new MoverSecurityContext(uid, gid);
  }

  /** spec.privilegedMover: true, false (app) or null (the namespace's default). */
  public Boolean privileged() {
    return runAs == null ? null : runAs.equals("privileged") ? Boolean.TRUE : runAs.equals("app") ? Boolean.FALSE : null;
  }

  /**
   * Refuses a privileged mover in a namespace that does not allow it, before anything is created. A namespace the
   * user may not read is left to the controller, which checks again.
   */
  public void checkAllowed(KubernetesClient client, String namespace) {
    if (!Boolean.TRUE.equals(privileged())) {
      return;
    }
    Namespace ns;
    try {
      ns = client.namespaces().withName(namespace).get();
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        return;
      }
      throw e;
    }
    boolean allowed = ns != null && ns.getMetadata().getAnnotations() != null
        && "true".equals(ns.getMetadata().getAnnotations().get(MoverIdentity.PRIVILEGED_ANNOTATION));
    if (!allowed) {
      throw UserException.usage(MoverIdentity.choose(null, true, namespace, false, null, MoverIdentity.Access.READ)
          .refusal().replace("(spec.privilegedMover)", "(--run-as privileged)"));
    }
  }

  private static long parse(String digits) {
    long value = Long.parseLong(digits);
    if (value > Integer.MAX_VALUE) {
      throw UserException.usage("--run-as: " + digits + " is not a user or group ID (at most " + Integer.MAX_VALUE + ")");
    }
    return value;
  }
}
