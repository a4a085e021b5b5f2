package dev.lifeboat.jobs;

import dev.lifeboat.api.CommandSource;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code command} source's program runs in a container of its own ({@value #NAME}), from the user's image, with
 * the user's environment only: it never sees the repository's password or credentials, which only lifeboat's
 * container has, nor the Jobs' ServiceAccount token (an empty folder covers it). The two meet at a named pipe in a shared emptyDir ({@value #MOUNT}):
 *
 * <pre>
 *   lifeboat container                         source container (the user's image, /bin/sh)
 *   mkfifo stream ───────────────────────────► sees the pipe, touches "started"
 *   backup: reads stream into restic --stdin ◄─ COMMAND &gt; stream
 *   restore: writes restic dump into stream ──► RESTORE-COMMAND &lt; stream
 *   waits for "exit", reads "stderr" ◄───────── writes its exit code to "exit"
 * </pre>
 *
 * A failed run marks {@code abort} before it closes the pipe (or instead of creating it): the wrapper then reports 1
 * whatever the program said, and does not wait for a pipe that will not come.
 *
 * <p>The source container is a native sidecar (an init container with {@code restartPolicy: Always}, Kubernetes
 * 1.29+): the pod ends when lifeboat's container does, whatever the program still does (a program that never ends, a
 * writer blocked on a pipe nobody reads after lifeboat's container died), and the Job's outcome is lifeboat's. So the
 * wrapper never exits on its own (it would be restarted): once the program's exit code is written it idles until the
 * kubelet stops it.
 */
public final class CommandContainer {
  public static final String NAME = "source";
  public static final String MOUNT = "/lifeboat-stream";
  /** Where both containers find the pipe (an environment variable, so a sandbox without mounts can map it). */
  public static final String DIR_ENV = "LIFEBOAT_STREAM_DIR";
  public static final String FIFO = "stream";
  public static final String STARTED = "started";
  public static final String EXIT = "exit";
  public static final String STDERR = "stderr";
  public static final String ABORT = "abort";
  private static final String VOLUME = "lifeboat-stream";
  private static final String NO_TOKEN = "no-service-account-token";
  /** Where Kubernetes mounts the pod's ServiceAccount token into every container that has no mount of its own there. */
  static final String TOKEN_MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount";

  private CommandContainer() {}

  /** Adds the source container and the shared volume; the program is {@code restoreCommand} for a restore. */
  static void add(Job job, CommandSource source, boolean restore) {
    List<String> program = restore ? source.restoreCommand : source.command;
    if (program == null || program.isEmpty()) {
      return; // the manager says why: nothing can read the snapshot back
    }
    PodSpec pod = job.getSpec().getTemplate().getSpec();
    Container main = pod.getContainers().get(0);
    pod.getVolumes().add(new VolumeBuilder().withName(VOLUME).withNewEmptyDir().endEmptyDir().build());
    // The Jobs' account may write Backups' status: the user's program gets an empty folder where its token would be.
    pod.getVolumes().add(new VolumeBuilder().withName(NO_TOKEN).withNewEmptyDir().endEmptyDir().build());
    main.getVolumeMounts().add(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).build());
    main.getEnv().add(new EnvVar(DIR_ENV, MOUNT, null));
    List<EnvVar> env = new ArrayList<>(source.env == null ? List.of() : source.env);
    env.add(new EnvVar(DIR_ENV, MOUNT, null));
    String image = source.image == null || source.image.isBlank() ? main.getImage() : source.image;
    pod.getInitContainers().add(new ContainerBuilder()
        .withName(NAME)
        .withRestartPolicy("Always")
        .withImage(image)
        .withImagePullPolicy(main.getImagePullPolicy())
        .withCommand("/bin/sh", "-c", script(restore), "lifeboat-source")
        .withArgs(program)
        .withEnv(env)
        .withVolumeMounts(new VolumeMountBuilder().withName(VOLUME).withMountPath(MOUNT).build(),
            new VolumeMountBuilder().withName(NO_TOKEN).withMountPath(TOKEN_MOUNT).withReadOnly(true).build())
        .withResources(main.getResources())
        .withNewSecurityContext().withAllowPrivilegeEscalation(false).withNewCapabilities().addToDrop("ALL")
            .endCapabilities().endSecurityContext()
        .withTerminationMessagePolicy("FallbackToLogsOnError")
        .build());
  }

  /**
   * The source container's wrapper: waits (at most 10 minutes) for lifeboat's pipe, runs the program on it, and
   * leaves its exit code. POSIX sh only: any image with /bin/sh will do.
   */
  static String script(boolean restore) {
    String d = "\"$" + DIR_ENV + "\"";
    return "trap 'exit 0' TERM INT\n"
        + "idle() { while :; do sleep 3600 & wait $!; done; }\n"
        + "if [ -e " + d + "/" + EXIT + " ]; then idle; fi\n" // restarted after the end: nothing more to do
        + "i=0; while [ ! -p " + d + "/" + FIFO + " ]; do"
        + " if [ -e " + d + "/" + ABORT + " ]; then echo 'lifeboat: the lifeboat container gave up' >&2; idle; fi;"
        + " if [ $i -ge 3000 ]; then echo 'lifeboat: no stream from the lifeboat container' >&2; idle; fi;"
        + " sleep 0.2; i=$((i + 1)); done\n"
        + ": > " + d + "/" + STARTED + "\n"
        + "\"$@\" " + (restore ? "<" : ">") + " " + d + "/" + FIFO + " 2> " + d + "/" + STDERR + "\n"
        + "code=$?\n"
        + "if [ -e " + d + "/" + ABORT + " ]; then code=1; fi\n"
        + "echo $code > " + d + "/" + EXIT + ".tmp && mv " + d + "/" + EXIT + ".tmp " + d + "/" + EXIT + "\n"
        + "idle\n";
  }
}
