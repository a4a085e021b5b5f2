package dev.lifeboat.api;

/** Name patterns shared by the CRD schema and the CLI's own validation. */
public final class Names {
  /** RFC 1123 DNS subdomain, as Kubernetes requires for most object names. */
  public static final String DNS_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
  /** RFC 1123 DNS label (names that become parts of other names, or labels). */
  public static final String DNS_LABEL = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  private Names() {}

  /** Returns null when {@code name} is a valid object name, else why not. */
  public static String checkObjectName(String name) {
    if (name == null || name.isEmpty()) {
      return "must not be empty";
    }
    if (name.length() > 253) {
      return "must be at most 253 characters";
    }
    if (!name.matches(DNS_SUBDOMAIN)) {
      return "must consist of lower case letters, digits, '-' and '.', and start and end with a letter or digit";
    }
    return null;
  }

  /** Label values are at most 63 characters; longer names are still allowed for objects. */
  public static String checkLabelSafeName(String name) {
    String problem = checkObjectName(name);
    if (problem != null) {
      return problem;
    }
    return name.length() > 63 ? "must be at most 63 characters" : null;
  }
}
