package dev.lifeboat.api;

/** Whether lifeboat may create ({@code restic init}) a repository that does not exist yet. */
public enum InitPolicy {
  /** Create the repository when it is missing. */
  Auto,
  /** Never create it: a missing repository fails the Repository. */
  Never
}
