package dev.lifeboat.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The sandbox's "image": the host paths a pod's program is made of, which its container must see. */
final class ImagePaths {
  private ImagePaths() {}

  /**
   * What the command reads from the host's file system: the program, its class path, its class-data archive, and the
   * host paths the sandbox's node-level environment names (a restic wrapper). The container's own environment names
   * its own paths, not the host's.
   */
  static List<Path> of(List<String> command, Map<String, String> env) {
    List<Path> paths = new ArrayList<>();
    for (int i = 0; i < command.size(); i++) {
      String arg = command.get(i);
      if (arg.startsWith("/")) {
        paths.add(Path.of(arg));
      } else if (arg.startsWith("-XX:SharedArchiveFile=")) {
        paths.add(Path.of(arg.substring("-XX:SharedArchiveFile=".length())));
      } else if ((arg.equals("-cp") || arg.equals("-classpath")) && i + 1 < command.size()) {
        for (String entry : command.get(i + 1).split(java.io.File.pathSeparator)) {
          Path jar = Path.of(entry).toAbsolutePath();
          paths.add(jar);
          paths.addAll(manifestClassPath(jar)); // the launcher's jar names its libraries (target/lib) in its manifest
        }
      }
    }
    env.values().stream().filter(v -> v.startsWith("/") && !v.contains(":") && Files.exists(Path.of(v)))
        .forEach(v -> paths.add(Path.of(v)));
    return paths;
  }

  /** The jars a jar's manifest {@code Class-Path} names, resolved beside it (none for a folder or a plain jar). */
  static List<Path> manifestClassPath(Path jar) {
    if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar)) {
      return List.of();
    }
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      var manifest = file.getManifest();
      String classPath = manifest == null ? null
          : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
      if (classPath == null || classPath.isBlank()) {
        return List.of();
      }
      List<Path> entries = new ArrayList<>();
      for (String entry : classPath.trim().split("\\s+")) {
        entries.add(jar.getParent().resolve(entry).normalize());
      }
      return entries;
    } catch (IOException e) {
      return List.of(); // an unreadable jar fails in the pod with the JVM's own words
    }
  }

}
