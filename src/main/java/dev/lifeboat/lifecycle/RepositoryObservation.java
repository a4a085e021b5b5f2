package dev.lifeboat.lifecycle;

/** What the engine observed around one Repository: the init Job of its current generation. */
public record RepositoryObservation(JobView initJob) {}
