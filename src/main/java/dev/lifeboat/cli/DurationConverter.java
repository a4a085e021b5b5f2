package dev.lifeboat.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Parses kubectl-style durations: 90s, 10m, 1h30m, 2h; a bare number means seconds. */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern PART = Pattern.compile("(\\d+)(h|m|s|ms)");

  @Override
  public Duration convert(String value) {
    String v = value.trim();
    if (v.matches("\\d+")) {
      return Duration.ofSeconds(Long.parseLong(v));
    }
    Matcher m = PART.matcher(v);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find()) {
      if (m.start() != end) {
        break;
      }
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "h" -> Duration.ofHours(n);
        case "m" -> Duration.ofMinutes(n);
        case "s" -> Duration.ofSeconds(n);
        default -> Duration.ofMillis(n);
      });
      end = m.end();
    }
    if (end != v.length() || v.isEmpty()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 90s, 10m or 1h30m");
    }
    return total;
  }
}
