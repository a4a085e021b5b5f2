package dev.lifeboat.schedule;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Label selectors as Kubernetes reads them: kubectl's string form ({@code app=db,tier in (a,b),!legacy})
 * to a {@link LabelSelector}, and whether a selector matches an object's labels (for reads from a
 * cache, which has no server to select for it).
 */
public final class LabelSelectors {
  private static final Pattern SET = Pattern.compile("^([\\w./-]+)\\s+(in|notin)\\s+\\(([^)]*)\\)$");
  private static final Pattern EQUALITY = Pattern.compile("^([\\w./-]+)\\s*(==|=|!=)\\s*([\\w./-]*)$");
  private static final Pattern EXISTS = Pattern.compile("^(!?)([\\w./-]+)$");

  private LabelSelectors() {}

  /** @throws IllegalArgumentException naming the requirement that is not selector syntax */
  public static LabelSelector parse(String text) {
    Map<String, String> matchLabels = new LinkedHashMap<>();
    List<LabelSelectorRequirement> expressions = new ArrayList<>();
    for (String part : splitTopLevel(text)) {
      String p = part.trim();
      Matcher m;
      if ((m = SET.matcher(p)).matches()) {
        List<String> values = new ArrayList<>();
        for (String v : m.group(3).split(",")) {
          if (!v.isBlank()) {
            values.add(v.trim());
          }
        }
        expressions.add(new LabelSelectorRequirement(m.group(1), m.group(2).equals("in") ? "In" : "NotIn", values));
      } else if ((m = EQUALITY.matcher(p)).matches()) {
        if (m.group(2).equals("!=")) {
          expressions.add(new LabelSelectorRequirement(m.group(1), "NotIn", List.of(m.group(3))));
        } else {
          matchLabels.put(m.group(1), m.group(3));
        }
      } else if ((m = EXISTS.matcher(p)).matches()) {
        expressions.add(new LabelSelectorRequirement(m.group(2), m.group(1).isEmpty() ? "Exists" : "DoesNotExist", null));
      } else {
        throw new IllegalArgumentException("'" + p + "' is not a label selector requirement: use key=value, key!=value,"
            + " key in (a,b), key notin (a,b), key or !key, separated by commas");
      }
    }
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      throw new IllegalArgumentException("empty: give at least one requirement, e.g. app=db");
    }
    return new LabelSelector(expressions.isEmpty() ? null : expressions, matchLabels.isEmpty() ? null : matchLabels);
  }

  private static List<String> splitTopLevel(String text) {
    List<String> parts = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : (text == null ? "" : text).toCharArray()) {
      depth += c == '(' ? 1 : c == ')' ? -1 : 0;
      if (c == ',' && depth == 0) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    if (!current.toString().isBlank()) {
      parts.add(current.toString());
    }
    return parts;
  }

  /** Why a selector cannot be evaluated (an unknown operator), or null. */
  public static String problem(LabelSelector selector) {
    for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
        : selector.getMatchExpressions()) {
      if (!List.of("In", "NotIn", "Exists", "DoesNotExist").contains(r.getOperator())) {
        return "operator '" + r.getOperator() + "' of key " + r.getKey() + " is not In, NotIn, Exists or DoesNotExist";
      }
    }
    return null;
  }

  public static boolean matches(LabelSelector selector, Map<String, String> labels) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    if (selector.getMatchLabels() != null) {
      for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
        if (!e.getValue().equals(l.get(e.getKey()))) {
          return false;
        }
      }
    }
    for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of()
        : selector.getMatchExpressions()) {
      String value = l.get(r.getKey());
      List<String> values = r.getValues() == null ? List.of() : r.getValues();
      boolean ok = switch (r.getOperator()) {
        case "In" -> value != null && values.contains(value);
        case "NotIn" -> value == null || !values.contains(value);
        case "Exists" -> value != null;
        case "DoesNotExist" -> value == null;
        default -> false;
      };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
