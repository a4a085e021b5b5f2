package dev.lifeboat.engine;

/** The work-queue key: one lifeboat object. */
public record ResourceKey(Kind kind, String namespace, String name) {
  public enum Kind {
    Repository,
    Backup,
    Restore
  }

  @Override
  public String toString() {
    return kind + "/" + namespace + "/" + name;
  }
}
