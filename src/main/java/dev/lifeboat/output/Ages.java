package dev.lifeboat.output;

import java.time.Duration;
import java.time.Instant;
import dev.lifeboat.api.Sizes;

/** kubectl's AGE: 45s, 12m, 3h, 5d, 2y. */
public final class Ages {
  private Ages() {}

  public static String since(String timestamp, Instant now) {
    if (timestamp == null) {
      return "<unknown>";
    }
    return format(Duration.between(Instant.parse(timestamp), now));
  }

  public static String format(Duration d) {
    long s = Math.max(0, d.getSeconds());
    if (s < 120) {
      return s + "s";
    }
    if (s < 3600 * 2) {
      return (s / 60) + "m";
    }
    if (s < 86400 * 2) {
      return (s / 3600) + "h";
    }
    if (s < 86400 * 365 * 2) {
      return (s / 86400) + "d";
    }
    return (s / (86400 * 365)) + "y";
  }

  /** 1.5 GiB, 12.0 MiB, 512 B. */
  public static String bytes(Long bytes) {
    return Sizes.bytes(bytes);
  }

}
