package dev.lifeboat.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Test data trees and their checksums: what went in must be what comes back. */
public final class Trees {
  private Trees() {}

  /**
   * At least {@code files} files in nested folders, with unicode names, empty files, and one file of
   * {@code bigBytes} random bytes. Deterministic for a given seed.
   */
  public static void generate(Path root, int files, long bigBytes, long seed) throws IOException {
    generate(root, files, bigBytes, seed, true);
  }

  /**
   * @param otherOwners true: some files belong to uid 999 and 1000, the rest to the test's user; false: every file
   *     belongs to lifeboat's own user, 65532 (data a Job that runs as lifeboat reads whole). Where the test runs as
   *     root, as CI does.
   */
  public static void generate(Path root, int files, long bigBytes, long seed, boolean otherOwners) throws IOException {
    Random random = new Random(seed);
    String[] dirs = {"", "a", "a/b", "a/b/c", "a/b/c/d", "données", "données/日本語", "emoji-🚀", "with space/and more",
        "deep/1/2/3/4/5/6"};
    for (String d : dirs) {
      Files.createDirectories(root.resolve(d));
    }
    Files.createDirectories(root.resolve("empty-dir"));
    for (int i = 0; i < files; i++) {
      String dir = dirs[i % dirs.length];
      String name = switch (i % 5) {
        case 0 -> "file-" + i + ".txt";
        case 1 -> "übersicht-" + i + ".md";
        case 2 -> "ファイル-" + i + ".bin";
        case 3 -> "empty-" + i;
        default -> "data " + i + ".dat";
      };
      Path file = root.resolve(dir).resolve(name);
      if (i % 5 == 3) {
        Files.createFile(file);
      } else {
        byte[] content = new byte[random.nextInt(4096)];
        random.nextBytes(content);
        Files.write(file, content);
      }
    }
    // The awkward parts: links (to a file, to a folder), modes other than the default, an old mtime.
    Files.writeString(root.resolve("a/b/c/f1.txt"), "f1\n");
    Files.createSymbolicLink(root.resolve("link-to-f1"), Path.of("a/b/c/f1.txt"));
    Files.createSymbolicLink(root.resolve("link-to-dir"), Path.of("a/b"));
    Path script = root.resolve("run.sh");
    Files.writeString(script, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Path secret = root.resolve("a/private.key");
    Files.writeString(secret, "not really a key\n");
    Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    Files.setLastModifiedTime(secret, FileTime.from(java.time.Instant.parse("2020-01-02T03:04:05Z")));
    if (otherOwners) {
      owners(root);
    }
    try (OutputStream out = Files.newOutputStream(root.resolve("big.bin"))) {
      byte[] chunk = new byte[1 << 20];
      for (long written = 0; written < bigBytes; written += chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(chunk.length, bigBytes - written));
      }
    }
    if (!otherOwners && "root".equals(System.getProperty("user.name"))) {
      try (Stream<Path> walk = Files.walk(root)) {
        for (Path p : walk.toList()) {
          owner(p, 65532, 65532);
        }
      }
    }
  }

  /**
   * Files of other owners, as an application's volume has them (where the test runs as root, as CI does): a database's
   * folder of uid 999 (0700, its files 0600), a file of uid 1000 (0640), the secret key of uid 999 (0600).
   */
  private static void owners(Path root) throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return;
    }
    Path database = root.resolve("pgdata");
    Files.createDirectories(database.resolve("base"));
    Files.writeString(database.resolve("PG_VERSION"), "16\n");
    Files.writeString(database.resolve("base/16384"), "a table's pages\n");
    for (Path p : List.of(database.resolve("base/16384"), database.resolve("PG_VERSION"))) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    Files.setPosixFilePermissions(database.resolve("base"), PosixFilePermissions.fromString("rwx------"));
    Files.setPosixFilePermissions(database, PosixFilePermissions.fromString("rwx------"));
    for (Path p : List.of(database, database.resolve("base"), database.resolve("base/16384"),
        database.resolve("PG_VERSION"), root.resolve("a/private.key"))) {
      owner(p, 999, 999);
    }
    Path user = root.resolve("a/b/owned-by-1000.txt");
    Files.writeString(user, "a user's file\n");
    Files.setPosixFilePermissions(user, PosixFilePermissions.fromString("rw-r-----"));
    owner(user, 1000, 1000);
  }

  public static void owner(Path path, int uid, int gid) throws IOException {
    Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
    Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Relative path → what must come back: a file's SHA-256, mode and modification time (seconds); a
   * link's target (links are never followed); a folder's mode; and the owner and group of each.
   */
  public static Map<String, String> checksums(Path root) throws IOException {
    Map<String, String> sums = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.toList()) {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty()) {
          continue;
        }
        PosixFileAttributes attrs = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        String mode = PosixFilePermissions.toString(attrs.permissions());
        String owner = " " + Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS) + ":"
            + Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
        if (attrs.isSymbolicLink()) {
          sums.put(rel, "link -> " + Files.readSymbolicLink(p) + owner);
        } else if (attrs.isDirectory()) {
          sums.put(rel, "dir " + mode + owner);
        } else {
          sums.put(rel, sha256(p) + " " + mode + " " + attrs.lastModifiedTime().toInstant().getEpochSecond() + owner);
        }
      }
    }
    return sums;
  }

  private static String sha256(Path file) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
        in.transferTo(OutputStream.nullOutputStream());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every file's text under a folder, for leak checks. */
  public static String allText(Path root) throws IOException {
    if (!Files.exists(root)) {
      return "";
    }
    StringBuilder text = new StringBuilder();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(f -> Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)).toList()) {
        text.append(new String(Files.readAllBytes(p), java.nio.charset.StandardCharsets.UTF_8)).append('\n');
      }
    }
    return text.toString();
  }
}
