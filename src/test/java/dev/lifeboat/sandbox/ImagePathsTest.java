package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImagePathsTest {
  @TempDir
  Path tmp;

  /**
   * 'java -jar target/lifeboat.jar' (the launcher) names its libraries in the jar's manifest: a pod whose /tmp is an
   * emptyDir must still see them when the checkout lives under /tmp.
   */
  @Test
  void aJarsManifestClassPathIsPartOfTheImage() throws Exception {
    Path jar = Files.createDirectories(tmp.resolve("target")).resolve("lifeboat.jar");
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/picocli.jar  lib/fabric8.jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
      // a manifest only
    }
    List<Path> image = ImagePaths.of(List.of("/usr/bin/java", "-cp", jar.toString(), "dev.lifeboat.Main"), Map.of());
    assertTrue(image.containsAll(List.of(Path.of("/usr/bin/java"), jar, tmp.resolve("target/lib/picocli.jar"),
        tmp.resolve("target/lib/fabric8.jar"))), image.toString());
    assertEquals(List.of(), ImagePaths.manifestClassPath(tmp.resolve("target")), "a folder names nothing");
  }
}
