package dev.lifeboat.support;

import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Performs writes until the N-th, performs that one too, then acts dead: every later call throws. */
public final class CrashingWriter implements ApiWriter {
  private final ApiWriter real;
  private final int crashAfter;
  public final AtomicInteger writes = new AtomicInteger();
  public final AtomicBoolean crashed = new AtomicBoolean();
  public final List<String> log = new ArrayList<>();

  public CrashingWriter(ApiWriter real, int crashAfter) {
    this.real = real;
    this.crashAfter = crashAfter;
  }

  private void before(String what) {
    if (crashed.get()) {
      throw new ProcessDeath("process is dead");
    }
    synchronized (log) {
      log.add(what);
    }
  }

  private void after() {
    if (writes.incrementAndGet() >= crashAfter) {
      crashed.set(true);
      throw new ProcessDeath("crash after write " + crashAfter);
    }
  }

  @Override
  public void createJob(Job job) {
    before("create Job " + job.getMetadata().getName());
    real.createJob(job);
    after();
  }

  @Override
  public void createObject(HasMetadata object) {
    before("create " + object.getKind() + " " + object.getMetadata().getName());
    real.createObject(object);
    after();
  }

  @Override
  public void deleteGeneric(String apiVersion, String kind, String namespace, String name) {
    before("delete " + kind + " " + name);
    real.deleteGeneric(apiVersion, kind, namespace, name);
    after();
  }

  @Override
  public ExecResult exec(String namespace, String pod, String container, java.util.List<String> command,
      java.time.Duration timeout) {
    before("exec in " + pod);
    ExecResult result = real.exec(namespace, pod, container, command, timeout);
    after();
    return result;
  }

  @Override
  public void deleteObject(Class<? extends HasMetadata> kind, String namespace, String name) {
    before("delete " + kind.getSimpleName() + " " + name);
    real.deleteObject(kind, namespace, name);
    after();
  }

  @Override
  public void applyObject(HasMetadata object) {
    before("apply " + object.getKind() + " " + object.getMetadata().getName());
    real.applyObject(object);
    after();
  }

  @Override
  public void mergePatch(HasMetadata current, String patch) {
    before("patch " + current.getKind() + " " + current.getMetadata().getName());
    real.mergePatch(current, patch);
    after();
  }

  @Override
  public void deleteJob(String namespace, String name) {
    before("delete Job " + name);
    real.deleteJob(namespace, name);
    after();
  }

  @Override
  public <T extends HasMetadata> T patchStatus(T resource, com.fasterxml.jackson.databind.node.ArrayNode patch) {
    before("status " + resource.getKind() + "/" + resource.getMetadata().getName());
    T updated = real.patchStatus(resource, patch);
    after();
    return updated;
  }

  @Override
  public void recordEvent(HasMetadata involved, Action.RecordEvent event) {
    before("event " + event.reason());
    real.recordEvent(involved, event);
    after();
  }

  @Override
  public boolean acquireLock(HasMetadata current, String namespace, String lease, String holder, boolean takeOver) {
    before("lock " + lease);
    boolean wrote = real.acquireLock(current, namespace, lease, holder, takeOver);
    after();
    return wrote;
  }

  @Override
  public void renewLock(HasMetadata lease, String holder) {
    before("renew " + lease.getMetadata().getName());
    real.renewLock(lease, holder);
    after();
  }

  @Override
  public boolean releaseLock(HasMetadata current, String holder) {
    before("unlock " + (current == null ? "(no Lease)" : current.getMetadata().getName()));
    boolean wrote = real.releaseLock(current, holder);
    after();
    return wrote;
  }

  @Override
  public boolean saveReplicas(HasMetadata owner, HasMetadata current, String configMap, String workload, int replicas) {
    before("save " + workload);
    boolean wrote = real.saveReplicas(owner, current, configMap, workload, replicas);
    after();
    return wrote;
  }

  @Override
  public boolean scaleWorkload(HasMetadata current, int replicas) {
    before("scale " + (current == null ? "(gone)" : current.getKind().toLowerCase(java.util.Locale.ROOT) + "/"
        + current.getMetadata().getName()) + " to " + replicas);
    boolean wrote = real.scaleWorkload(current, replicas);
    after();
    return wrote;
  }

  @Override
  public String setFinalizer(HasMetadata object, String finalizer, boolean present) {
    before((present ? "add " : "remove ") + finalizer + " on " + object.getMetadata().getName());
    String version = real.setFinalizer(object, finalizer, present);
    after();
    return version;
  }
}
