package dev.lifeboat.bench;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import dev.lifeboat.support.CountingBlobStore;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;

/**
 * What a restic cache kept between Jobs saves: an incremental backup, a check and a restore of one file, each
 * run once with an empty cache (a Job's emptyDir) and once with the cache the previous run left (what a Repository's
 * cache claim keeps, {@code spec.cacheCapacity}), in a repository with PRIOR earlier backups (each leaves an
 * index file and a snapshot an empty cache must fetch again). restic against S3Proxy, whose store counts the S3
 * operations it serves. Usage: CacheBench [FILES] [FILE_KB] [PRIOR]
 */
public final class CacheBench {
  private CacheBench() {}

  /** S3 operations served, by kind (GET object, PUT object, HEAD, LIST, DELETE, ...). */
  private static CountingBlobStore counted;

  public static void main(String[] args) throws Exception {
    int files = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int kb = args.length > 1 ? Integer.parseInt(args[1]) : 64;
    int prior = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Path dir = Files.createTempDirectory("cache-bench");
    counted = new CountingBlobStore(BlobStores.create("transient", new Properties()));
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    S3Proxy s3 = S3Proxy.builder().blobStore(counted.store()).endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "bench", "bench-secret").build();
    s3.start();
    try {
      Path data = dir.resolve("data");
      Files.createDirectories(data);
      java.util.Random random = new java.util.Random(7);
      byte[] block = new byte[kb * 1024];
      for (int i = 0; i < files; i++) {
        random.nextBytes(block);
        Files.write(data.resolve(String.format("f-%05d", i)), block);
      }
      Map<String, String> env = Map.of("RESTIC_REPOSITORY", "s3:http://127.0.0.1:" + port + "/bench",
          "RESTIC_PASSWORD", "bench", "AWS_ACCESS_KEY_ID", "bench", "AWS_SECRET_ACCESS_KEY", "bench-secret");
      Path kept = dir.resolve("kept-cache");
      restic(env, kept, "init");
      // A repository a month old: one backup a day, each leaving its index file and snapshot.
      for (int i = 0; i < prior; i++) {
        change(data, random, block);
        restic(env, kept, "backup", data.toString());
      }
      System.out.printf("restic %s against S3Proxy; %,d files of %d KiB, %d earlier backups; S3 operations (GET object /"
          + " other) and time%n", dev.lifeboat.manager.ResticVersion.installed(), files, kb, prior);
      for (String[] run : new String[][] {{"backup", data.toString()}, {"check"}, {"restore", "latest", "--target",
          dir.resolve("restored").toString(), "--include", "/" + data.getFileName() + "/f-00001"}}) {
        change(data, random, block);
        Result cold = measure(env, Files.createTempDirectory(dir, "cold-"), run);
        change(data, random, block);
        Result warm = measure(env, kept, run);
        System.out.printf("  %-8s empty cache: %5d GET, %4d other, %6d ms | kept cache: %5d GET, %4d other, %6d ms%n",
            run[0], cold.gets(), cold.others(), cold.millis(), warm.gets(), warm.others(), warm.millis());
      }
      System.out.println("  (each run changes 10 files first; the kept cache is the one the previous runs left)");
    } finally {
      s3.stop();
    }
  }

  record Result(long gets, long others, long millis) {}

  private static void change(Path data, java.util.Random random, byte[] block) throws Exception {
    for (int i = 0; i < 10; i++) {
      random.nextBytes(block);
      Files.write(data.resolve(String.format("f-%05d", random.nextInt(100))), block);
    }
  }

  private static Result measure(Map<String, String> env, Path cache, String... args) throws Exception {
    Map<String, Long> before = snapshot();
    long start = System.nanoTime();
    restic(env, cache, args);
    long millis = (System.nanoTime() - start) / 1_000_000;
    Map<String, Long> after = snapshot();
    long gets = after.getOrDefault("getBlob", 0L) - before.getOrDefault("getBlob", 0L);
    long all = after.values().stream().mapToLong(Long::longValue).sum() - before.values().stream().mapToLong(Long::longValue).sum();
    return new Result(gets, all - gets, millis);
  }

  private static Map<String, Long> snapshot() {
    return counted.operations();
  }

  private static void restic(Map<String, String> env, Path cache, String... args) throws Exception {
    java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("restic", "--cache-dir", cache.toString(), "-q"));
    command.addAll(java.util.List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IllegalStateException("restic " + String.join(" ", args) + ": " + out);
    }
  }
}
