package dev.lifeboat.install;

import dev.lifeboat.kind.Kind;
import dev.lifeboat.kinds.Kinds;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import java.util.List;

/**
 * The permissions of lifeboat's two identities, as data. The controller keeps state and creates
 * Jobs; it reads no Secret (Jobs get Secret refs, never values). The Jobs read their own object and
 * write progress and their results (restore points, a repository's snapshot list).
 */
public final class Rbac {
  private static final List<String> KINDS = Kinds.plurals();

  private Rbac() {}

  /**
   * What {@code reconcile --watch} does, each verb proven used by {@code RbacAuditE2E}. It reads
   * through watch caches (list, watch) and gets by name only what it must read fresh.
   */
  public static List<PolicyRule> controller() {
    return List.of(
        rule("lifeboat.dev", KINDS, List.of("list", "watch")),
        // read fresh where a cache may lag, and after a write conflict
        rule("lifeboat.dev", KINDS, List.of("get")),
        // finalizers: the clean-up finalizers lifeboat keeps on its own objects
        rule("lifeboat.dev", controllerDoes("update"), List.of("update")),
        // a Schedule's runs; auto-restore's Restores
        rule("lifeboat.dev", controllerDoes("create"), List.of("create")),
        // retention
        rule("lifeboat.dev", controllerDoes("delete"), List.of("delete")),
        rule("lifeboat.dev", KINDS.stream().map(k -> k + "/status").toList(), List.of("patch")),
        // Jobs and CronJobs block their owner's deletion (OwnerReferencesPermissionEnforcement checks this)
        rule("lifeboat.dev", KINDS.stream().map(k -> k + "/finalizers").toList(), List.of("update")),
        rule("batch", List.of("jobs"), List.of("get", "list", "watch", "create", "delete")),
        rule("batch", List.of("cronjobs"), List.of("get", "list", "watch", "create", "patch", "delete")),
        rule("", List.of("pods"), List.of("list", "watch")),
        // a backup's hooks: a pod named in them is read, then the command runs in it (a WebSocket exec is authorized as
        // create since Kubernetes 1.31)
        rule("", List.of("pods"), List.of("get")),
        rule("", List.of("pods/exec"), List.of("create")),
        // an ended Job's log, kept in <job>-log beyond its pods (RunLogKeeper)
        rule("", List.of("pods/log"), List.of("get")),
        // users' claims are read, never written: lifeboat keeps no finalizer on them; get: a claim the cache has not seen
        // yet is read from the server before a backup or restore is judged (one just created, say); create and delete:
        // a Snapshot or Clone backup's temporary claim (labelled lifeboat.dev/copy-of, owned by its Backup)
        rule("", List.of("persistentvolumeclaims"), List.of("get", "list", "watch", "create", "delete")),
        // patch: only to remove the finalizer lifeboat.dev/in-use that early builds left on claims (LegacyFinalizers; a
        // JSON patch that tests the finalizer and removes it alone)
        rule("", List.of("persistentvolumeclaims"), List.of("patch")),
        // a Snapshot backup's VolumeSnapshot (owned by its Backup), and the class it is taken with
        rule("snapshot.storage.k8s.io", List.of("volumesnapshots"), List.of("get", "create", "delete")),
        rule("snapshot.storage.k8s.io", List.of("volumesnapshotclasses"), List.of("list")),
        // a claim's StorageClass: its CSI driver, whose default VolumeSnapshotClass a Snapshot backup uses
        rule("storage.k8s.io", List.of("storageclasses"), List.of("get")),
        rule("", List.of("configmaps"), List.of("get", "list", "watch", "create", "update", "patch")),
        // list: why a Job's pod has not started (FailedAttachVolume, FailedCreate), read by field selector
        rule("", List.of("events"), List.of("create", "list")),
        // a claim's volume: its node affinity (a local volume pins the backup pod to its node)
        rule("", List.of("persistentvolumes"), List.of("get")),
        // get: whether a namespace allows privileged movers or custom images (its annotations); list: the namespaces a
        // Schedule of lifeboat's own namespace selects (namespaceSelector)
        rule("", List.of("namespaces"), List.of("get", "list")),
        // PVC locks, the heartbeat and the leader Lease
        rule("coordination.k8s.io", List.of("leases"), List.of("get", "list", "watch", "create", "update", "patch", "delete")),
        rule("apps", List.of("deployments", "statefulsets"), List.of("get", "list", "watch", "patch")),
        // hibernation (and a restore's validation: a Pod's owner), read fresh (no informer)
        rule("apps", List.of("replicasets"), List.of("get", "list", "patch")),
        // a restore's validation: who mounts the target claim (Pods are listed live, with their owners)
        rule("apps", List.of("daemonsets"), List.of("list")),
        // a hook on daemonset/NAME: its pods, by its selector
        rule("apps", List.of("daemonsets"), List.of("get")),
        rule("karpenter.sh", List.of("nodepools"), List.of("list", "patch")));
  }

  /** The leader Lease and the heartbeat in the controller's own namespace (needed in namespaced mode). */
  public static List<PolicyRule> leader() {
    return List.of(rule("coordination.k8s.io", List.of("leases"), List.of("get", "create", "update", "patch", "delete")));
  }

  /**
   * What lifeboat's Jobs do ({@code backup-manager}, {@code hibernate-manager}): read their object,
   * report a backup's progress, write a repository's snapshot list and a cloud step's restore points
   * (ConfigMaps), and record a cloud step's Events. Secrets reach them as environment, never by API.
   */
  public static List<PolicyRule> jobs() {
    return List.of(
        rule("lifeboat.dev", jobsDo("get"), List.of("get")),
        rule("lifeboat.dev", jobsDo("status").stream().map(k -> k + "/status").toList(), List.of("patch")),
        rule("", List.of("configmaps"), List.of("get", "create", "update", "patch")),
        rule("", List.of("events"), List.of("create")));
  }

  /**
   * What a CronJob-mode Schedule's run does ({@code backup create --from-schedule S --wait}) while a
   * controller runs: read the Schedule, its Repository, the claims and their locks, create the run's
   * Backups and watch them. (With no controller at all it would drive them itself and need {@link #controller()} in its
   * namespace: bind it there when running without the installed controller.)
   */
  public static List<PolicyRule> scheduler() {
    return List.of(
        rule("lifeboat.dev", List.of("schedules", "repositories"), List.of("get")),
        rule("lifeboat.dev", List.of("backups"), List.of("get", "list", "watch", "create")),
        rule("", List.of("persistentvolumeclaims"), List.of("get", "list")),
        rule("coordination.k8s.io", List.of("leases"), List.of("get")));
  }

  /**
   * Finding the controller's heartbeat, a Lease in the controller's namespace, from any namespace
   * (a cluster-wide list: Leases hold only holder names and times).
   */
  public static List<PolicyRule> heartbeatReader() {
    return List.of(rule("coordination.k8s.io", List.of("leases"), List.of("list")));
  }

  /** The plurals of the kinds whose {@code Kind.controllerVerbs} hold {@code verb}. */
  private static List<String> controllerDoes(String verb) {
    return Kinds.ALL.stream().filter(k -> k.controllerVerbs().contains(verb)).map(Kind::plural).toList();
  }

  private static List<String> jobsDo(String verb) {
    return Kinds.ALL.stream().filter(k -> k.jobVerbs().contains(verb)).map(Kind::plural).toList();
  }

  private static PolicyRule rule(String group, List<String> resources, List<String> verbs) {
    return new PolicyRuleBuilder().withApiGroups(group).withResources(resources).withVerbs(verbs).build();
  }
}
