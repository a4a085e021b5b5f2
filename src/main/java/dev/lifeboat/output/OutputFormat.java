package dev.lifeboat.output;

/** {@code -o}: how objects are printed. */
public enum OutputFormat {
  table,
  wide,
  yaml,
  json,
  name
}
