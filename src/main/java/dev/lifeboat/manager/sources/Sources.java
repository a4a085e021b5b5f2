package dev.lifeboat.manager.sources;

import dev.lifeboat.api.BackupSource;
import java.util.Map;

/** The producer or consumer of each kind of application source. */
public final class Sources {
  private Sources() {}

  /** Starts the backup stream of {@code source} (br runs to its end here: what it yields is its manifest). */
  public static Producer producer(BackupSource source, String namespace, String backupName, Map<String, String> env)
      throws Producer.StartException, InterruptedException {
    return switch (source.kind()) {
      case postgres -> PostgresStreams.dump(source.postgres);
      case openbao -> OpenBaoStreams.connect(source.openBao(), env).snapshot();
      case tidb -> new TidbStreams(source.tidb, env).backup(namespace, backupName);
      case command -> ContainerStream.producer(env);
      case pvc -> throw new IllegalArgumentException("a PVC is not a stream source");
    };
  }

  /** Starts the restore stream of {@code source}. */
  public static Consumer consumer(BackupSource source, Map<String, String> env)
      throws Producer.StartException, InterruptedException {
    return switch (source.kind()) {
      case postgres -> PostgresStreams.restore(source.postgres);
      case openbao -> OpenBaoStreams.connect(source.openBao(), env).forceRestore();
      case tidb -> new TidbStreams(source.tidb, env).onManifest(false);
      case command -> ContainerStream.consumer(env);
      case pvc -> throw new IllegalArgumentException("a PVC is not a stream source");
    };
  }
}
