package dev.lifeboat.engine;

import dev.lifeboat.lifecycle.Action;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One {@link ActionApplier#apply} under way, as its handlers see it: the object, the status about
 * to be written (a handler whose action failed may record that in it), the context, and what the
 * handlers add: Events to record after the status, and a sooner look again.
 */
public final class Applying {
  private final ReconcileContext context;
  private final HasMetadata resource;
  private final Object status;
  private final Function<Action.CreateJob, Job> renderJob;
  private final Function<String, CronJob> renderCronJob;
  private final List<Action.RecordEvent> events = new ArrayList<>();
  private String version;
  private Duration requeue;

  Applying(ReconcileContext context, HasMetadata resource, Object status, Duration requeue,
      Function<Action.CreateJob, Job> renderJob, Function<String, CronJob> renderCronJob) {
    this.context = context;
    this.resource = resource;
    this.status = status;
    this.requeue = requeue;
    this.renderJob = renderJob;
    this.renderCronJob = renderCronJob;
    this.version = resource.getMetadata().getResourceVersion();
  }

  public ReconcileContext context() {
    return context;
  }

  public HasMetadata resource() {
    return resource;
  }

  public String namespace() {
    return resource.getMetadata().getNamespace();
  }

  /** The status the decision asks for: written after the actions, with what handlers recorded in it. */
  public Object status() {
    return status;
  }

  /** An Event to record with the status (a handler's note, or the record of its failure). */
  public void event(Action.RecordEvent event) {
    events.add(event);
  }

  /** Look at the object again within {@code wait} (a failed action is retried soon). */
  public void requeueWithin(Duration wait) {
    requeue = requeue == null || requeue.compareTo(wait) > 0 ? wait : requeue;
  }

  Job renderJob(Action.CreateJob create) {
    return renderJob.apply(create);
  }

  CronJob renderCronJob(String name) {
    return renderCronJob.apply(name);
  }

  /** The object's resourceVersion as our own writes of it left it. */
  String version() {
    return version;
  }

  void wrote(String newVersion) {
    version = newVersion != null ? newVersion : version;
  }

  List<Action.RecordEvent> events() {
    return events;
  }

  Duration requeue() {
    return requeue;
  }
}
