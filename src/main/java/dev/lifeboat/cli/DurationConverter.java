package dev.lifeboat.cli;

import dev.lifeboat.api.Durations;
import java.time.Duration;
import picocli.CommandLine;

/** Parses kubectl-style durations: 90s, 10m, 1h30m, 2h; a bare number is refused (which unit?). */
public final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    try {
      return Durations.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
