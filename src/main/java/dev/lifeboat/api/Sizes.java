package dev.lifeboat.api;

import java.util.Locale;

/** Byte counts for people: 1.5 GiB, 12.0 MiB, 512 B. */
public final class Sizes {
  private Sizes() {}

  public static String bytes(Long bytes) {
    if (bytes == null) {
      return "";
    }
    String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = bytes;
    int u = 0;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
