package dev.lifeboat.lifecycle.schedule;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** restic's keep-within duration: years, months, days and hours, e.g. {@code 1y2m3d4h}. */
public record ResticDuration(int years, int months, int days, int hours) {
  private static final Pattern WHOLE = Pattern.compile("([0-9]+[ymdh])+");
  private static final Pattern PART = Pattern.compile("([0-9]+)([ymdh])");

  /** @throws IllegalArgumentException naming the problem, for input like {@code 3x} or {@code 1d1d} */
  public static ResticDuration parse(String text) {
    if (text == null || !WHOLE.matcher(text).matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a restic duration: use numbers with y, m, d or h,"
          + " e.g. 7d, 12h or 1y6m");
    }
    int[] values = {-1, -1, -1, -1};
    Matcher m = PART.matcher(text);
    while (m.find()) {
      int slot = "ymdh".indexOf(m.group(2).charAt(0));
      if (values[slot] >= 0) {
        throw new IllegalArgumentException("'" + text + "' names '" + m.group(2) + "' twice");
      }
      values[slot] = Integer.parseInt(m.group(1));
    }
    return new ResticDuration(Math.max(0, values[0]), Math.max(0, values[1]), Math.max(0, values[2]),
        Math.max(0, values[3]));
  }

  public boolean zero() {
    return years == 0 && months == 0 && days == 0 && hours == 0;
  }

  /**
   * {@code t} minus this duration as Go's {@code AddDate} then {@code Add} compute it: months and
   * days overflow into the next month (31 March minus 1m is 3 March, not 28 February).
   */
  public OffsetDateTime before(OffsetDateTime t) {
    LocalDate month = LocalDate.of(t.getYear(), 1, 1).plusMonths(t.getMonthValue() - 1L - months).minusYears(years);
    LocalDate day = month.plusDays(t.getDayOfMonth() - 1L - days);
    return OffsetDateTime.of(day, t.toLocalTime(), t.getOffset()).minusHours(hours);
  }

  /** As restic prints it ({@code within 1y2m}). */
  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    if (years != 0) s.append(years).append('y');
    if (months != 0) s.append(months).append('m');
    if (days != 0) s.append(days).append('d');
    if (hours != 0) s.append(hours).append('h');
    return s.toString();
  }
}
