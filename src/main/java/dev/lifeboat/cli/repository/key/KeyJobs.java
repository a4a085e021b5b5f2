package dev.lifeboat.cli.repository.key;

import dev.lifeboat.api.Repository;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.engine.JobViews;
import dev.lifeboat.lifecycle.JobNames;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.lifecycle.JobView;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.List;

/**
 * Runs one {@code backup-manager key} Job for the CLI and reads its report: the CLI holds no repository password, the
 * Job gets it from the Repository's Secret like every Job. A new password reaches the Job through a Secret of its
 * own, deleted with the Job when the command ends, whatever happened.
 */
final class KeyJobs {
  static final Duration TIMEOUT = Duration.ofMinutes(5);

  private KeyJobs() {}

  static Repository repository(ClientCommand command, String name) {
    Repository repository = command.client().resources(Repository.class).inNamespace(command.namespace()).withName(name)
        .get();
    if (repository == null) {
      throw new UserException(ExitCodes.NOT_FOUND, "Repository \"" + name + "\" not found in namespace "
          + command.namespace());
    }
    if (repository.getSpec().passwordSecretRef == null) {
      throw UserException.usage("Repository " + name + " names no password Secret (spec.passwordSecretRef)");
    }
    return repository;
  }

  /** Runs {@code op} ({@code list}, {@code add} with {@code newPassword}, {@code remove} of {@code keyId}). */
  static JobReport run(ClientCommand command, Repository repository, String op, String keyId, String newPassword) {
    String ns = repository.getMetadata().getNamespace();
    String nonce = UUID.randomUUID().toString().substring(0, 8);
    String jobName = JobNames.fit(repository.getMetadata().getName() + "-key-" + op + "-" + nonce, 63);
    String secret = newPassword == null ? null : JobNames.fit(repository.getMetadata().getName() + "-new-key-" + nonce, 253);
    try {
      if (secret != null) {
        Secrets.create(command.client(), ns, secret, Map.of("password", newPassword), "try again");
      }
      Job job = command.jobs().keyJob(repository, jobName, op, keyId, secret);
      command.client().batch().v1().jobs().inNamespace(ns).resource(job).create();
      Job done;
      try {
        done = command.client().batch().v1().jobs().inNamespace(ns).withName(jobName)
            .waitUntilCondition(j -> j == null || finished(j), TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (KubernetesClientTimeoutException e) {
        throw new UserException(ExitCodes.TIMEOUT, "Job " + jobName + " did not finish within " + TIMEOUT.toMinutes()
            + " minutes (is a lifeboat Job able to run in namespace " + ns + "?); nothing was changed by this command");
      }
      if (done == null) {
        throw new UserException(ExitCodes.FAILED, "Job " + jobName + " was deleted before it finished");
      }
      JobView view = JobViews.of(done, command.client().pods().inNamespace(ns).withLabel("job-name", jobName).list()
          .getItems());
      if (view.state() == JobView.JobState.SUCCEEDED && view.report() != null && Boolean.TRUE.equals(view.report().ok())) {
        return view.report();
      }
      return JobReport.failure(view.bestFailureReason());
    } finally {
      command.client().batch().v1().jobs().inNamespace(ns).withName(jobName)
          .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
      if (secret != null) {
        command.client().secrets().inNamespace(ns).withName(secret).delete();
      }
    }
  }

  private static boolean finished(Job job) {
    return JobViews.of(job, List.of()).state() != JobView.JobState.ACTIVE;
  }
}
