package dev.lifeboat.cli.hibernate;

import dev.lifeboat.api.HibernateWindow;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.hibernate.OffHours;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.Locale;

/**
 * {@code --off-hours "Mon-Fri 20:00-07:00"}: days (a list of days and ranges, ranges may wrap:
 * {@code Fri-Mon}; none = every day), then start-end. The sleep begins at start and ends at the next
 * end on a listed day, so the example sleeps through the weekend.
 */
final class OffHoursArgument {
  private static final Pattern FORM = Pattern.compile("^\\s*(?:([A-Za-z,\\- ]+?)\\s+)?(\\d{1,2}:\\d{2})\\s*-\\s*(\\d{1,2}:\\d{2})\\s*$");

  private OffHoursArgument() {}

  static HibernateWindow parse(String text) {
    Matcher m = FORM.matcher(text == null ? "" : text);
    if (!m.matches()) {
      throw UserException.usage("--off-hours: '" + text + "' is not [DAYS] HH:MM-HH:MM (e.g. \"Mon-Fri 20:00-07:00\","
          + " \"Sat,Sun 00:00-24:00\", \"22:00-06:00\" for every day)");
    }
    List<String> days = new ArrayList<>();
    if (m.group(1) != null) {
      for (String part : m.group(1).split(",")) {
        String p = part.trim();
        if (p.contains("-")) {
          DayOfWeek from = day(p.substring(0, p.indexOf('-')), text);
          DayOfWeek to = day(p.substring(p.indexOf('-') + 1), text);
          for (DayOfWeek d = from; ; d = d.plus(1)) {
            days.add(name(d));
            if (d == to) {
              break;
            }
          }
        } else {
          days.add(name(day(p, text)));
        }
      }
    }
    return new HibernateWindow(pad(m.group(2)), pad(m.group(3)), days);
  }

  private static DayOfWeek day(String text, String whole) {
    DayOfWeek d = OffHours.day(text);
    if (d == null) {
      throw UserException.usage("--off-hours: unknown day '" + text.trim() + "' in '" + whole
          + "' (use Mon, Tue, Wed, Thu, Fri, Sat, Sun, and ranges such as Mon-Fri)");
    }
    return d;
  }

  private static String name(DayOfWeek d) {
    return d.name().charAt(0) + d.name().substring(1, 3).toLowerCase(Locale.ROOT);
  }

  private static String pad(String time) {
    return time.length() == 4 ? "0" + time : time;
  }
}
