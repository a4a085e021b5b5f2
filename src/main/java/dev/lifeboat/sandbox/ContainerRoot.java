package dev.lifeboat.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.ArrayList;
import java.util.List;

/**
 * The file system a container's process sees, and the command that puts it there. The sandbox's "image" is the host:
 * the process runs in a private mount namespace ({@code unshare --mount}) whose root is an overlay of the host's root
 * (writes land in a throw-away layer, or fail when {@code readOnlyRootFilesystem} makes it read-only), with a fresh
 * {@code /dev}, the host's {@code /proc} and {@code /sys}, the sandbox's own folder hidden (a pod sees its volumes, not
 * every claim's data), and each volume bound at its {@code mountPath} (read-only when the mount says so). Then the
 * process becomes the container's identity ({@code setpriv}) and runs in its working directory. So what a tool records
 * about paths (restic's snapshot paths) and where it may write are what they would be in a cluster.
 *
 * <p>Folders on the way to what the image must let any user read (the JVM, its class path, restic) are made
 * traversable in the overlay only, as an image built for non-root users would have them; the host is not changed.
 */
final class ContainerRoot {
  /** A volume (or a single file) bound into the container. */
  record Mount(String path, Path source, boolean readOnly, boolean file) {}

  private ContainerRoot() {}

  /**
   * @param scratch an empty folder of the pod (on the host): the overlay's layers and the root are mounted there
   * @param hidden the sandbox's folder, covered by an empty one
   * @param traversable paths whose folders on the way must be searchable by any user
   * @param hostname the pod's name: a pod's hostname, which restic writes into its locks
   */
  static List<String> command(Path scratch, Path hidden, List<Mount> mounts, List<Path> traversable,
      ContainerIdentity identity, String workingDir, String hostname, List<String> command) {
    StringBuilder s = new StringBuilder("set -e\n");
    s.append("hostname ").append(quote(hostname)).append('\n');
    String r = quote(scratch.toString());
    s.append("mount -t tmpfs -o mode=0755 lifeboat-container ").append(r).append('\n');
    s.append("mkdir ").append(r).append("/upper ").append(r).append("/work ").append(r).append("/root\n");
    s.append("mount -t overlay overlay -o lowerdir=/,upperdir=").append(r).append("/upper,workdir=").append(r)
        .append("/work ").append(r).append("/root\n");
    s.append("C=").append(r).append("/root\n");
    // A container's /dev: the usual devices, its own shm; not the host's devices.
    s.append("mount -t tmpfs -o mode=0755,nosuid lifeboat-dev \"$C/dev\"\n");
    s.append("for d in null zero full random urandom tty; do touch \"$C/dev/$d\"; mount --bind \"/dev/$d\" \"$C/dev/$d\"; done\n");
    s.append("mkdir \"$C/dev/pts\" \"$C/dev/shm\"; mount --bind /dev/pts \"$C/dev/pts\"; mount -t tmpfs -o mode=1777 shm \"$C/dev/shm\"\n");
    s.append("ln -s /proc/self/fd \"$C/dev/fd\"; ln -s /proc/self/fd/0 \"$C/dev/stdin\"; ln -s /proc/self/fd/1 \"$C/dev/stdout\";"
        + " ln -s /proc/self/fd/2 \"$C/dev/stderr\"\n");
    s.append("mount --rbind /proc \"$C/proc\"; mount --rbind /sys \"$C/sys\"\n");
    s.append("mkdir -p \"$C\"").append(quote(inImage(hidden.toString()).toString())).append("; mount -t tmpfs -o mode=0755 lifeboat-hidden \"$C\"")
        .append(quote(inImage(hidden.toString()).toString())).append('\n');
    for (Path dir : closedFolders(traversable)) {
      s.append("chmod o+x \"$C\"").append(quote(dir.toString())).append('\n');
    }
    for (Mount mount : mounts) {
      String at = "\"$C\"" + quote(inImage(mount.path()).toString());
      s.append(mount.file() ? "mkdir -p \"$(dirname " + at + ")\"; touch " + at : "mkdir -p " + at).append('\n');
      s.append("mount --bind ").append(quote(mount.source().toString())).append(' ').append(at).append('\n');
      if (mount.readOnly()) {
        s.append("mount -o remount,bind,ro ").append(at).append('\n');
      }
    }
    // A mount of a folder that holds the sandbox's own showed it again: covered again, and what lies inside it and is
    // the container's (a repository folder in the sandbox's) bound once more on top.
    Path hiddenPath = inImage(hidden.toString());
    if (mounts.stream().anyMatch(m -> !m.file() && m.source().equals(Path.of(m.path()))
        && hiddenPath.startsWith(m.source()))) {
      s.append("mount -t tmpfs -o mode=0755 lifeboat-hidden \"$C\"").append(quote(hiddenPath.toString())).append('\n');
      for (Mount mount : mounts) {
        if (Path.of(mount.path()).startsWith(hiddenPath) && !Path.of(mount.path()).equals(hiddenPath)) {
          String at = "\"$C\"" + quote(mount.path());
          s.append("mkdir -p ").append(at).append("; mount --bind ").append(quote(mount.source().toString())).append(' ')
              .append(at).append('\n');
        }
      }
    }
    // The program itself stays visible where a volume covers it (a checkout under /tmp, the container's /tmp an emptyDir).
    for (Path path : shadowed(traversable, mounts)) {
      String at = "\"$C\"" + quote(path.toString());
      s.append(Files.isDirectory(path) ? "mkdir -p " + at : "mkdir -p \"$(dirname " + at + ")\"; touch " + at).append('\n');
      s.append("mount --bind ").append(quote(path.toString())).append(' ').append(at)
          .append("; mount -o remount,bind,ro ").append(at).append('\n');
    }
    if (identity.readOnlyRootFilesystem()) {
      s.append("mount -o remount,ro \"$C\"\n");
    }
    s.append("exec chroot \"$C\" setpriv");
    identity.setprivArguments().forEach(a -> s.append(' ').append(quote(a)));
    s.append(" -- env -C ").append(quote(workingDir == null || workingDir.isBlank() ? "/" : workingDir)).append(" --");
    // The command itself follows as the script's arguments: one word each, however long its class path.
    s.append(" \"$@\"\n");
    List<String> full = new ArrayList<>(List.of("unshare", "--mount", "--uts", "--propagation", "private", "--", "/bin/sh", "-c",
        s.toString(), "lifeboat-container"));
    full.addAll(command);
    return full;
  }

  /**
   * The program's paths that a volume's mount would hide (they lie under its mountPath), each once: not those under
   * another of them, not one the container has already (a host folder bound at its own path, read-write).
   */
  static List<Path> shadowed(List<Path> program, List<Mount> mounts) {
    List<Path> covered = new ArrayList<>();
    for (Path path : program.stream().map(p -> p.toAbsolutePath().normalize()).distinct().sorted().toList()) {
      boolean hidden = mounts.stream().anyMatch(m -> !m.file() && !m.source().equals(Path.of(m.path()))
          && path.startsWith(Path.of(m.path())));
      boolean shared = mounts.stream().anyMatch(m -> m.source().equals(Path.of(m.path())) && path.startsWith(m.source()));
      if (hidden && !shared && Files.exists(path) && covered.stream().noneMatch(path::startsWith)) {
        covered.add(path);
      }
    }
    return covered;
  }

  /** The folders on the way to these paths that other users cannot search on the host (a home folder, a temp one). */
  static Set<Path> closedFolders(List<Path> paths) {
    Set<Path> seen = new LinkedHashSet<>();
    Set<Path> closed = new LinkedHashSet<>();
    for (Path path : paths) {
      for (Path dir = inImage(path.toString()).getParent(); dir != null && dir.getParent() != null && seen.add(dir);
          dir = dir.getParent()) {
        try {
          if (!Files.getPosixFilePermissions(dir).contains(PosixFilePermission.OTHERS_EXECUTE)) {
            closed.add(dir);
          }
        } catch (IOException e) {
          // not there: nothing to open
        }
      }
    }
    return closed;
  }

  /**
   * Where a path of the container lies in its root, symbolic links resolved as the container resolves them (the image
   * is the host's root, so as the host does: {@code /var/run} is {@code /run}). The setup runs before the chroot, so a
   * link followed there would lead out of the container's root into the host's.
   */
  static Path inImage(String path) {
    Path absolute = Path.of(path).normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute; // a dangling link: created where it points, inside the root
    }
  }

  /** A word for sh: single-quoted, each single quote closed, escaped and reopened. */
  static String quote(String word) {
    return "'" + word.replace("'", "'\\''") + "'";
  }
}
