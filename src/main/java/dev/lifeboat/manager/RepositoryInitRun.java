package dev.lifeboat.manager;

import dev.lifeboat.api.Repository;
import dev.lifeboat.lifecycle.JobReport;
import io.fabric8.kubernetes.client.KubernetesClient;

/** {@code backup-manager repository-init}: opens the repository, creating it when allowed. */
public final class RepositoryInitRun {
  private final KubernetesClient client;
  private final Restic restic;

  public RepositoryInitRun(KubernetesClient client, Restic restic) {
    this.client = client;
    this.restic = restic;
  }

  public JobReport run(String namespace, String name) throws Exception {
    Repository repository = client.resources(Repository.class).inNamespace(namespace).withName(name).get();
    if (repository == null) {
      return JobReport.failure("Repository " + namespace + "/" + name + " not found");
    }
    try {
      boolean created = RepositoryAccess.open(restic, repository.getSpec().initOrDefault(), name, false);
      return new JobReport(true, created ? "repository created" : "repository opened", null, null, null,
          created ? Boolean.TRUE : null, null);
    } catch (ResticException e) {
      return JobReport.failure(e.getMessage());
    }
  }
}
