package dev.lifeboat.output;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Instant;
import java.util.function.BiFunction;

/** One table column: header, value, and whether it shows only with {@code -o wide}. */
public record Column<T>(String header, BiFunction<T, Instant, String> value, boolean wideOnly) {
  public static <T> Column<T> of(String header, BiFunction<T, Instant, String> value) {
    return new Column<>(header, value, false);
  }

  public static <T> Column<T> wide(String header, BiFunction<T, Instant, String> value) {
    return new Column<>(header, value, true);
  }

  /** AGE, every table's last column. */
  public static <T extends HasMetadata> Column<T> age() {
    return of("AGE", (o, now) -> Ages.since(o.getMetadata().getCreationTimestamp(), now));
  }

  /** A cell's text: empty for null. */
  public static String text(String s) {
    return s == null ? "" : s;
  }
}
