package dev.lifeboat.cli.repository;

import dev.lifeboat.kinds.Kinds;
import dev.lifeboat.api.InitPolicy;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.RepositoryPhase;
import dev.lifeboat.api.RepositorySpec;
import dev.lifeboat.api.SecretKeyRef;
import dev.lifeboat.cli.ClientCommand;
import dev.lifeboat.cli.Secrets;
import dev.lifeboat.cli.DurationConverter;
import dev.lifeboat.cli.ExitCodes;
import dev.lifeboat.cli.UserException;
import dev.lifeboat.cli.Validation;
import dev.lifeboat.cli.Waiter;
import dev.lifeboat.output.OutputFormat;
import dev.lifeboat.output.Printer;
import dev.lifeboat.output.ProgressDisplay;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import java.util.Locale;
import java.util.Map;

/**
 * {@code lifeboat repository create NAME --url URL (--password-file FILE | --password-secret NAME[:KEY])}.
 * With a password file, the password goes into a new Secret {@code <name>-restic} that outlives the
 * Repository (the data does); it is never printed and never part of the Repository object.
 */
@Command(name = "create", description = "Register a restic repository (created on first use when --init auto).",
    exitCodeListHeading = "%nExit codes:%n", exitCodeList = {
        "0:created (with --wait: the repository is Ready)",
        "1:with --wait: the repository Failed (wrong password, unreachable, missing with --init never)",
        "2:bad input: invalid name or URL, unreadable password file, unknown Secret, name taken; nothing was created",
        "3:--wait timed out",
        "5:the Kubernetes API could not be reached"})
public final class RepositoryCreateCommand extends ClientCommand {
  @Parameters(index = "0", paramLabel = "NAME", description = "Name of the new Repository.")
  String name;

  @Option(names = "--url", required = true, paramLabel = "URL",
      description = "restic repository: s3:http(s)://host/bucket, gs:, azure:, rest:, b2:, swift:, sftp:, local:/path or /path.")
  String url;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Password password;

  static final class Password {
    @Option(names = "--password-file", paramLabel = "FILE",
        description = "File holding the repository password; stored in a new Secret NAME-restic.")
    Path file;

    @Option(names = "--password-secret", paramLabel = "NAME[:KEY]",
        description = "Existing Secret (and key, default 'password') holding the repository password.")
    String secret;
  }

  @Option(names = "--credentials-secret", paramLabel = "NAME",
      description = "Secret whose keys become the Jobs' environment (e.g. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY).")
  String credentialsSecret;

  @Option(names = "--maintenance-credentials-secret", paramLabel = "NAME",
      description = "Secret with the credentials that may delete (check, prune, forget, unlock, key changes, data"
          + " removal); --credentials-secret then serves backups and restores only and may be write-only or append-only"
          + " (docs/tenancy.md).")
  String maintenanceCredentialsSecret;

  @Option(names = "--all-namespace-snapshots", description = "The administrators' view of the URL: every namespace's"
      + " snapshots (disaster recovery, import into any namespace). Only in lifeboat's own namespace (docs/tenancy.md).")
  boolean allNamespaces;

  @Option(names = "--init", paramLabel = "MODE", defaultValue = "auto",
      description = "auto: create the repository if missing; never: fail instead (default: ${DEFAULT-VALUE}).")
  String init;

  @picocli.CommandLine.Mixin
  dev.lifeboat.cli.JobTemplateOptions jobPods = new dev.lifeboat.cli.JobTemplateOptions();

  @Option(names = "--ca-secret", paramLabel = "SECRET[/KEY]",
      description = "A Secret holding the CA certificate (PEM) of the repository's server (restic --cacert); KEY"
          + " defaults to ca.crt.")
  String caSecret;

  @Option(names = "--limit-upload", paramLabel = "KIB_S", description = "Upload limit of every Job, in KiB/s.")
  Integer limitUpload;

  @Option(names = "--limit-download", paramLabel = "KIB_S", description = "Download limit of every Job, in KiB/s.")
  Integer limitDownload;

  @Option(names = "--cache-capacity", paramLabel = "SIZE", description = {"Keep restic's cache between backups: each"
      + " claim backed up here gets a cache claim of this size (e.g. 2Gi), owned by the Repository. Without it every"
      + " Job starts with an empty cache and downloads the repository's index again."})
  String cacheCapacity;

  @Option(names = "--cache-storage-class", paramLabel = "CLASS",
      description = "StorageClass of the cache claims (default: the cluster's default class).")
  String cacheStorageClass;

  @picocli.CommandLine.Mixin
  MaintenanceOptions maintenance = new MaintenanceOptions();

  @Option(names = "--wait", description = "Wait until the repository is Ready or Failed.")
  boolean wait;

  @Option(names = "--timeout", paramLabel = "DUR", defaultValue = "10m", converter = DurationConverter.class,
      description = "Give up waiting after this long (default: ${DEFAULT-VALUE}).")
  Duration timeout;

  @Option(names = {"-o", "--output"}, paramLabel = "FORMAT",
      description = "Print the Repository as yaml or json WITHOUT creating anything.")
  OutputFormat output;

  /** The password read from --password-file by {@link #build}: it goes into the Secret, never into the object. */
  private String passwordValue;

  @Override
  protected int run() {
    Repository repository = build();
    if (output != null) {
      repository.getMetadata().setNamespace(kube().namespace);
      new Printer(out(), output, clock().instant()).printOne(repository, Kinds.columns(Repository.class));
      return ExitCodes.OK;
    }
    String ns = namespace();
    repository.getMetadata().setNamespace(ns);
    create(repository, ns);
    SecretKeyRef ref = repository.getSpec().passwordSecretRef;
    if (!wait) {
      out().println("repository.lifeboat.dev/" + name + " created");
      notePassword(repository, ref);
      return ExitCodes.OK;
    }
    int code = waitFor(ns);
    notePassword(repository, ref);
    return code;
  }

  /**
   * The Repository these options describe, each field checked, no request made: what {@code -o yaml}
   * prints and what {@link #create} sends (the password file is read here: a missing one is a usage error).
   */
  Repository build() {
    Validation.objectName("Repository name", name);
    validateUrl(url);
    InitPolicy initPolicy = switch (init.toLowerCase(Locale.ROOT)) {
      case "auto" -> InitPolicy.Auto;
      case "never" -> InitPolicy.Never;
      default -> throw UserException.usage("--init \"" + init + "\": use auto or never");
    };
    passwordValue = password.file == null ? null : Secrets.readFile("--password-file", password.file);
    SecretKeyRef ref = password.file != null ? new SecretKeyRef(name + "-restic", "password") : parseSecretRef(password.secret);
    if (credentialsSecret != null) {
      Validation.objectName("--credentials-secret", credentialsSecret);
    }
    if (maintenanceCredentialsSecret != null) {
      Validation.objectName("--maintenance-credentials-secret", maintenanceCredentialsSecret);
      if (maintenanceCredentialsSecret.equals(credentialsSecret)) {
        throw UserException.usage("--maintenance-credentials-secret names the same Secret as --credentials-secret:"
            + " give the credentials that may delete a Secret of their own, or leave the flag out");
      }
    }
    if (output != null && output != OutputFormat.yaml && output != OutputFormat.json) {
      throw UserException.usage("-o on create takes yaml or json (it prints the object without creating it)");
    }
    Repository repository = new Repository();
    repository.getMetadata().setName(name);
    RepositorySpec spec = new RepositorySpec();
    spec.maintenance = maintenance.toSpec((kube().namespace == null ? "default" : kube().namespace) + "/" + name);
    spec.deletionPolicy = maintenance.deletionPolicy();
    spec.importSnapshots = maintenance.importSnapshots ? Boolean.TRUE : null;
    spec.url = url;
    spec.passwordSecretRef = ref;
    spec.credentialsSecret = credentialsSecret;
    spec.maintenanceCredentialsSecret = maintenanceCredentialsSecret;
    spec.allNamespaces = allNamespaces ? Boolean.TRUE : null;
    spec.init = initPolicy;
    spec.jobTemplate = jobPods.build();
    if (caSecret != null) {
      String[] parts = caSecret.split("/", 2);
      Validation.objectName("--ca-secret", parts[0]);
      spec.caSecretRef = new dev.lifeboat.api.SecretKeyRef(parts[0], parts.length > 1 && !parts[1].isBlank() ? parts[1] : "ca.crt");
    }
    if (cacheCapacity != null) {
      Validation.size("--cache-capacity", cacheCapacity);
      spec.cacheCapacity = cacheCapacity;
    }
    if (cacheStorageClass != null) {
      if (cacheCapacity == null) {
        throw UserException.usage("--cache-storage-class needs --cache-capacity (the size of each cache claim)");
      }
      Validation.objectName("--cache-storage-class", cacheStorageClass);
      spec.cacheStorageClassName = cacheStorageClass;
    }
    for (Integer limit : new Integer[] {limitUpload, limitDownload}) {
      if (limit != null && limit < 1) {
        throw UserException.usage((limit == limitUpload ? "--limit-upload" : "--limit-download")
            + " must be at least 1 (KiB/s); leave it out for no limit");
      }
    }
    spec.limitUploadKiB = limitUpload;
    spec.limitDownloadKiB = limitDownload;
    repository.setSpec(spec);
    return repository;
  }

  /** Checks the name is free and the named Secrets hold their keys, then creates it (with the password's Secret), or says why not. */
  private void create(Repository repository, String ns) {
    SecretKeyRef ref = repository.getSpec().passwordSecretRef;
    String outOfReach = jobSettings().tenancy().allNamespacesProblem(ns, repository.getSpec().allNamespaces);
    if (outOfReach != null) {
      throw UserException.usage(outOfReach.replace("spec.allNamespaces", "--all-namespace-snapshots"));
    }
    if (client().resources(Repository.class).inNamespace(ns).withName(name).get() != null) {
      throw UserException.usage("Repository \"" + name + "\" already exists in namespace " + ns);
    }
    if (password.secret != null) {
      Secrets.requireKey(client(), ns, ref.name, ref.keyOrDefault(), "--password-secret");
    }
    if (credentialsSecret != null) {
      Secrets.requireKey(client(), ns, credentialsSecret, null, "--credentials-secret");
    }
    if (maintenanceCredentialsSecret != null) {
      Secrets.requireKey(client(), ns, maintenanceCredentialsSecret, null, "--maintenance-credentials-secret");
    }
    try {
      // A password file becomes a Secret that stays when the Repository goes (no owner): the data stays, and
      // this is the only copy of its key in the cluster.
      Secrets.createWithSecret(client(), ns, ref.name,
          passwordValue == null ? Map.of() : Map.of("password", passwordValue),
          "pass --password-secret " + ref.name + " to use it, or delete it", false,
          () -> client().resources(Repository.class).inNamespace(ns).resource(repository).create());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        throw UserException.usage("Repository \"" + name + "\" already exists in namespace " + ns);
      }
      if (e.getCode() == 422 || e.getCode() == 400) {
        throw UserException.usage("the API server rejected Repository " + name + ": " + e.getStatus().getMessage());
      }
      throw e;
    }
  }

  private int waitFor(String ns) {
    Repository[] last = {null};
    int code;
    try (ProgressDisplay display = ProgressDisplay.open(out())) {
      code = Waiter.await(this, Repository.class, ns, name, timeout, r -> {
        RepositoryPhase phase = r.getStatus() == null ? null : r.getStatus().phase;
        if (phase == RepositoryPhase.Ready) {
          return Integer.valueOf(ExitCodes.OK);
        }
        return phase == RepositoryPhase.Failed ? Integer.valueOf(ExitCodes.FAILED) : null;
      }, r -> {
        last[0] = r;
        display.update("repository " + name + ": " + (r.getStatus() == null ? "Unknown" : r.getStatus().phase));
      }, err());
    }
    if (code == ExitCodes.OK) {
      out().println("repository " + name + " is Ready (" + last[0].getStatus().message + ")");
    } else {
      err().println("error: repository " + name + " Failed: " + last[0].getStatus().message);
    }
    return code;
  }

  /** The cluster's copy of a password goes with the cluster (or a namespace deleted by mistake): say so, once. */
  private void notePassword(Repository repository, SecretKeyRef ref) {
    if (password.file != null) {
      out().flush();
      err().println("note: keep the password of " + repository.getSpec().url + " outside the cluster too (a password"
          + " manager, a vault): without it no snapshot can be opened, and Secret " + ref.name + " is its only copy here");
    }
  }

  static void validateUrl(String url) {
    if (!url.matches(RepositorySpec.URL_PATTERN)) {
      throw UserException.usage("--url \"" + url + "\" is not a restic repository URL: use s3:https://host/bucket,"
          + " gs:bucket:/path, azure:container:/path, rest:https://host/, b2:bucket, local:/path or an absolute path");
    }
    if (url.matches("^[a-z0-9]+:[a-z]+://[^/@]*@.*")) {
      throw UserException.usage("--url must not contain credentials (user:password@): put them in a Secret and"
          + " pass --credentials-secret");
    }
  }

  private static SecretKeyRef parseSecretRef(String value) {
    String[] parts = value.split(":", 2);
    Validation.objectName("--password-secret", parts[0]);
    String key = parts.length > 1 ? parts[1] : "password";
    if (!key.matches("[-._a-zA-Z0-9]+")) {
      throw UserException.usage("--password-secret key \"" + key + "\" is not a valid Secret key");
    }
    return new SecretKeyRef(parts[0], key);
  }
}
