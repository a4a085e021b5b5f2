package dev.lifeboat.jobs;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.SecretKeyRef;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import io.fabric8.kubernetes.api.model.EnvFromSource;

/**
 * What an application source adds to its Job's container: the secrets it needs as environment
 * variables from Secret refs (never values in the Job), br's storage Secret as a whole, and for a
 * command source a container of its own ({@link CommandContainer}), with its image and environment.
 */
public final class SourceEnvironment {
  /** The PostgreSQL role's password, read by pg_dump, psql and pg_restore themselves. */
  public static final String PG_PASSWORD = "PGPASSWORD";
  public static final String OPENBAO_TOKEN = "LIFEBOAT_OPENBAO_TOKEN";
  public static final String OPENBAO_CA = "LIFEBOAT_OPENBAO_CA";

  private SourceEnvironment() {}

  /** @param restore a restore's Job (a command source's container runs its restoreCommand), else a backup's */
  public static void apply(Job job, BackupSource source, boolean restore) {
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    List<EnvVar> env = new ArrayList<>(container.getEnv());
    switch (source.kind()) {
      case postgres -> fromSecret(env, PG_PASSWORD, source.postgres.passwordSecretRef);
      case openbao -> {
        fromSecret(env, OPENBAO_TOKEN, source.openBao().tokenSecretRef);
        fromSecret(env, OPENBAO_CA, source.openBao().caSecretRef);
      }
      case tidb -> {
        List<EnvFromSource> from = new ArrayList<>(container.getEnvFrom());
        from.add(new EnvFromSourceBuilder().withNewSecretRef().withName(source.tidb.storageSecret).endSecretRef().build());
        container.setEnvFrom(from);
      }
      default -> { } // a command source's environment is its own container's alone (below)
    }
    container.setEnv(env);
    if (source.kind() == BackupSource.Kind.command) {
      CommandContainer.add(job, source.command, restore);
    }
  }

  private static void fromSecret(List<EnvVar> env, String name, SecretKeyRef ref) {
    if (ref == null) {
      return;
    }
    env.add(new EnvVarBuilder().withName(name).withNewValueFrom().withNewSecretKeyRef()
        .withName(ref.name).withKey(ref.keyOrDefault()).endSecretKeyRef().endValueFrom().build());
  }
}
