package dev.lifeboat.lifecycle.repository;

import dev.lifeboat.lifecycle.JobView;

/** What the engine observed around one Repository: the init Job of its current generation. */
public record RepositoryObservation(JobView initJob) {}
