package dev.lifeboat.cli.backup;

import dev.lifeboat.api.BackupSource;
import dev.lifeboat.api.CommandSource;
import dev.lifeboat.api.OpenBaoSource;
import dev.lifeboat.api.PostgresSource;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.api.TidbSource;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.lifecycle.SourceChecks;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The application source flags of {@code backup create} and {@code schedule create}: one of
 * --postgres, --openbao (--vault), --tidb, --command, with the flags each needs. A secret given as a
 * file becomes a Secret {@code <object>-source} owned by the object; one named by NAME/KEY must exist first.
 */
public final class ApplicationSourceOptions {
  @Option(names = "--postgres", paramLabel = "HOST[:PORT]/DB",
      description = "PostgreSQL database to dump (pg_dump -Fc); HOST[:PORT] with --pg-all for every database (pg_dumpall).")
  String postgres;

  @Option(names = "--pg-user", paramLabel = "U", description = "Role pg_dump connects as.")
  String pgUser;

  @Option(names = "--pg-password-file", paramLabel = "FILE", description = "File holding the role's password.")
  Path pgPasswordFile;

  @Option(names = "--pg-password-secret", paramLabel = "NAME/KEY", description = "Secret (and key, default password) holding it.")
  String pgPasswordSecret;

  @Option(names = "--pg-all", description = "Dump the whole server with pg_dumpall (plain SQL).")
  boolean pgAll;

  @Option(names = "--pg-format", paramLabel = "F", description = "custom (default) or plain.")
  String pgFormat;

  @Option(names = "--pg-sslmode", paramLabel = "MODE", description = "libpq sslmode (disable ... verify-full).")
  String pgSslMode;

  @Option(names = {"--openbao", "--vault"}, paramLabel = "URL", description = "OpenBao/Vault address: back up its raft snapshot.")
  String openbao;

  @Option(names = "--token-file", paramLabel = "FILE", description = "File holding an OpenBao token.")
  Path tokenFile;

  @Option(names = "--token-secret", paramLabel = "NAME/KEY", description = "Secret (and key, default token) holding it.")
  String tokenSecret;

  @Option(names = "--k8s-auth-role", paramLabel = "ROLE", description = "Log in with the Job's service account (kubernetes auth).")
  String k8sAuthRole;

  @Option(names = "--k8s-auth-mount", paramLabel = "PATH", description = "Mount path of the kubernetes auth method (default kubernetes).")
  String k8sAuthMount;

  @Option(names = "--ca-secret", paramLabel = "NAME/KEY", description = "Secret (and key, default ca.crt) with the server's CA (PEM).")
  String caSecret;

  @Option(names = "--tidb", paramLabel = "PD_ADDR", description = "TiDB PD address host:port: back up with br.")
  String tidb;

  @Option(names = "--br-storage-secret", paramLabel = "NAME", description = "Secret with BR_STORAGE (and cloud credentials) for br.")
  String brStorageSecret;

  @Option(names = "--command", paramLabel = "CMD", description = "Shell command whose stdout is the backup (sh -c CMD).")
  String command;

  @Option(names = "--restore-command", paramLabel = "CMD", description = "Shell command that reads a snapshot back on stdin.")
  String restoreCommand;

  @Option(names = "--image", paramLabel = "IMG", description = "Image of a --command's own container (with /bin/sh and"
      + " your tool; it never sees the repository's secrets). Default: lifeboat's. Custom images run where the"
      + " installation allows them (docs/tenancy.md).")
  String image;

  /** Secret values from files, for the Secret {@code <backup>-source}. */
  public final Map<String, String> fileSecrets = new LinkedHashMap<>();
  /** Secrets named on the command line: checked before anything is created. */
  final List<SecretKeyRef> namedSecrets = new ArrayList<>();
  final List<String> namedSecretFlags = new ArrayList<>();

  public boolean given() {
    return postgres != null || openbao != null || tidb != null || command != null;
  }

  /**
   * The application source the flags describe, or null when none is given (flags of a source that
   * is not given are refused either way); usage errors name the flag.
   *
   * @param secretName the Secret that values from files go into ({@code <object>-source})
   * @param others what else was given as the source ("--pvc"), or null
   */
  public BackupSource build(String secretName, String others) {
    int kinds = (others != null ? 1 : 0) + (postgres != null ? 1 : 0) + (openbao != null ? 1 : 0) + (tidb != null ? 1 : 0)
        + (command != null ? 1 : 0);
    if (kinds > 1) {
      throw UserException.usage("give only one source: " + (others != null ? others + ", " : "")
          + "--postgres, --openbao, --tidb or --command");
    }
    refuseStray(postgres == null, "--postgres", "--pg-user", pgUser, "--pg-password-file", pgPasswordFile, "--pg-password-secret",
        pgPasswordSecret, "--pg-format", pgFormat, "--pg-sslmode", pgSslMode, "--pg-all", pgAll ? "" : null);
    refuseStray(openbao == null, "--openbao", "--token-file", tokenFile, "--token-secret", tokenSecret, "--k8s-auth-role",
        k8sAuthRole, "--k8s-auth-mount", k8sAuthMount, "--ca-secret", caSecret);
    refuseStray(tidb == null, "--tidb", "--br-storage-secret", brStorageSecret);
    refuseStray(command == null, "--command", "--restore-command", restoreCommand, "--image", image);
    if (!given()) {
      return null;
    }
    BackupSource source = new BackupSource();
    if (postgres != null) {
      source.postgres = postgres(secretName);
    } else if (openbao != null) {
      source.openbao = openBao(secretName);
    } else if (tidb != null) {
      if (brStorageSecret == null) {
        throw UserException.usage("--tidb needs --br-storage-secret NAME (a Secret with BR_STORAGE, br's --storage URL)");
      }
      source.tidb = new TidbSource();
      source.tidb.pd = tidb;
      source.tidb.storageSecret = brStorageSecret;
      named("--br-storage-secret", new SecretKeyRef(brStorageSecret, "BR_STORAGE"));
    } else {
      if (command.isBlank() || (restoreCommand != null && restoreCommand.isBlank())) {
        throw UserException.usage((command.isBlank() ? "--command" : "--restore-command")
            + " is empty: give the shell command, e.g. --command 'mysqldump --single-transaction app'");
      }
      source.command = new CommandSource();
      source.command.command = List.of("sh", "-c", command);
      source.command.restoreCommand = restoreCommand == null ? new ArrayList<>() : List.of("sh", "-c", restoreCommand);
      source.command.image = image;
    }
    List<String> problems = SourceChecks.problems(source);
    if (!problems.isEmpty()) {
      throw UserException.usage(String.join("; ", problems).replace("spec.source.", "source "));
    }
    return source;
  }

  private PostgresSource postgres(String secretName) {
    Matcher m = Pattern.compile("^([^:/\\s]+|\\[[0-9a-fA-F:]+\\])(?::([0-9]{1,5}))?(?:/(.+))?$")
        .matcher(postgres);
    if (!m.matches()) {
      throw UserException.usage("--postgres \"" + postgres + "\": use HOST[:PORT]/DATABASE, e.g. db.prod.svc:5432/app");
    }
    PostgresSource pg = new PostgresSource();
    pg.host = m.group(1);
    pg.port = m.group(2) == null ? null : Integer.valueOf(m.group(2));
    pg.database = m.group(3);
    if (pgAll) {
      if (pg.database != null) {
        throw UserException.usage("--pg-all dumps every database: give --postgres HOST[:PORT] without /DATABASE");
      }
      pg.all = true;
    } else if (pg.database == null) {
      throw UserException.usage("--postgres \"" + postgres + "\" names no database: add /DATABASE, or --pg-all for all");
    }
    if (pgUser == null) {
      throw UserException.usage("--postgres needs --pg-user (the role pg_dump connects as)");
    }
    pg.user = pgUser;
    pg.format = pgFormat;
    pg.sslMode = pgSslMode;
    if (pgPasswordFile != null && pgPasswordSecret != null) {
      throw UserException.usage("give one of --pg-password-file and --pg-password-secret");
    }
    if (pgPasswordFile != null) {
      fileSecrets.put("password", Secrets.readFile("--pg-password-file", pgPasswordFile));
      pg.passwordSecretRef = new SecretKeyRef(secretName, "password");
    } else if (pgPasswordSecret != null) {
      pg.passwordSecretRef = named("--pg-password-secret", Secrets.parseRef("--pg-password-secret", pgPasswordSecret, "password"));
    }
    return pg;
  }

  private OpenBaoSource openBao(String secretName) {
    OpenBaoSource bao = new OpenBaoSource();
    bao.address = openbao;
    int auths = (tokenFile != null ? 1 : 0) + (tokenSecret != null ? 1 : 0) + (k8sAuthRole != null ? 1 : 0);
    if (auths != 1) {
      throw UserException.usage("--openbao needs exactly one way to log in: --token-file, --token-secret or --k8s-auth-role");
    }
    if (tokenFile != null) {
      fileSecrets.put("token", Secrets.readFile("--token-file", tokenFile));
      bao.tokenSecretRef = new SecretKeyRef(secretName, "token");
    } else if (tokenSecret != null) {
      bao.tokenSecretRef = named("--token-secret", Secrets.parseRef("--token-secret", tokenSecret, "token"));
    } else {
      bao.kubernetes = new OpenBaoSource.KubernetesAuth();
      bao.kubernetes.role = k8sAuthRole;
      bao.kubernetes.mountPath = k8sAuthMount;
    }
    if (k8sAuthMount != null && k8sAuthRole == null) {
      throw UserException.usage("--k8s-auth-mount goes with --k8s-auth-role");
    }
    if (caSecret != null) {
      bao.caSecretRef = named("--ca-secret", Secrets.parseRef("--ca-secret", caSecret, "ca.crt"));
    }
    return bao;
  }

  private SecretKeyRef named(String flag, SecretKeyRef ref) {
    namedSecrets.add(ref);
    namedSecretFlags.add(flag);
    return ref;
  }

  /** A command source's --image must be one the namespace may run (docs/tenancy.md), before anything is created. */
  public void checkImage(KubernetesClient client, String ns, dev.lifeboat.jobs.JobSettings settings) {
    if (image == null) {
      return;
    }
    BackupSource source = new BackupSource();
    source.command = new CommandSource();
    source.command.image = image;
    String problem = dev.lifeboat.engine.ImagePolicy.problem(new dev.lifeboat.cluster.LiveView(client), ns, source,
        settings.tenancy(), settings.image());
    if (problem != null) {
      throw UserException.usage(problem.replace("source.command.image", "--image"));
    }
  }

  /** Every named Secret must exist with its key before the Backup is created. */
  public void checkNamedSecrets(KubernetesClient client, String ns) {
    for (int i = 0; i < namedSecrets.size(); i++) {
      Secrets.requireKey(client, ns, namedSecrets.get(i).name, namedSecrets.get(i).key, namedSecretFlags.get(i));
    }
  }

  /** Flags that belong to a source not chosen are a mistake, not something to ignore. */
  private static void refuseStray(boolean sourceAbsent, String owner, Object... flagsAndValues) {
    if (!sourceAbsent) {
      return;
    }
    for (int i = 0; i < flagsAndValues.length; i += 2) {
      if (flagsAndValues[i + 1] != null) {
        throw UserException.usage(flagsAndValues[i] + " goes with " + owner + ", which was not given");
      }
    }
  }
}
