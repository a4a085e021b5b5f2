package dev.lifeboat.lifecycle;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Deterministic names: the idempotency keys of every create. {@code <owner>-<suffix>}, or, when
 * that would exceed the limit, the owner name cut short plus a hash of the full name so two long
 * names never collide.
 */
public final class JobNames {
  /** Job names become the {@code job-name} label of their pods: at most 63 characters. */
  public static final int MAX_JOB_NAME = 63;

  private JobNames() {}

  public static String jobName(String owner, JobPurpose purpose) {
    return fit(owner + "-" + purpose.suffix(), MAX_JOB_NAME);
  }

  /** The init Job of one generation of a Repository's spec. */
  public static String initJobName(String repository, long generation) {
    return fit(repository + "-" + JobPurpose.REPOSITORY_INIT.suffix() + "-g" + generation, MAX_JOB_NAME);
  }

  /** A label value (at most 63 characters) that stands for {@code value}. */
  public static String labelValue(String value) {
    return fit(value, 63);
  }

  public static String fit(String name, int max) {
    if (name.length() <= max) {
      return name;
    }
    String hash = sha256Hex(name).substring(0, 10);
    String head = name.substring(0, max - hash.length() - 1);
    while (head.endsWith("-") || head.endsWith(".")) {
      head = head.substring(0, head.length() - 1);
    }
    return head + "-" + hash;
  }

  /** Ten hex digits standing for {@code value}: a name part for a set of things (a batch of snapshots). */
  public static String shortHash(String value) {
    return sha256Hex(value).substring(0, 10);
  }

  private static String sha256Hex(String s) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
