package dev.lifeboat.cli;

import dev.lifeboat.api.Labels;
import dev.lifeboat.jobs.JobReportCodec;
import dev.lifeboat.lifecycle.JobReport;
import dev.lifeboat.output.Ages;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The parts every {@code describe} shares: a field block, conditions, Jobs with their outcome, Events. */
public final class Describer {
  private final PrintStream out;
  private final Instant now;

  public Describer(PrintStream out, Instant now) {
    this.out = out;
    this.now = now;
  }

  public void field(String label, Object value) {
    if (value != null && !String.valueOf(value).isEmpty()) {
      out.printf("%-18s %s%n", label + ":", value);
    }
  }

  public void header(HasMetadata object) {
    field("Name", object.getMetadata().getName());
    field("Namespace", object.getMetadata().getNamespace());
    field("Created", object.getMetadata().getCreationTimestamp() + " ("
        + Ages.since(object.getMetadata().getCreationTimestamp(), now) + " ago)");
  }

  public void conditions(List<Condition> conditions) {
    if (conditions == null || conditions.isEmpty()) {
      return;
    }
    out.println("Conditions:");
    out.printf("  %-12s %-7s %-20s %s%n", "TYPE", "STATUS", "REASON", "MESSAGE");
    for (Condition c : conditions) {
      out.printf("  %-12s %-7s %-20s %s%n", c.getType(), c.getStatus(), nullToEmpty(c.getReason()),
          nullToEmpty(c.getMessage()));
    }
  }

  /** The Jobs lifeboat made for this object, with their pods' termination messages. */
  public void jobs(DescribeReads reads, HasMetadata owner) {
    List<Job> jobs = reads.jobsOf(owner.getKind()).stream()
        .filter(j -> owner.getMetadata().getName().equals(ownerName(j)))
        .sorted(Comparator.comparing(j -> j.getMetadata().getName())).toList();
    if (jobs.isEmpty()) {
      return;
    }
    out.println("Jobs:");
    for (Job job : jobs) {
      String state = job.getStatus() == null ? "Pending" : job.getStatus().getConditions() == null ? "Active"
          : job.getStatus().getConditions().stream().filter(c -> "True".equals(c.getStatus())
              && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())))
              .map(c -> c.getType()).findFirst().orElse("Active");
      int failed = job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
      out.printf("  %s  %s%s%n", job.getMetadata().getName(), state, failed > 0 ? " (" + failed + " failed pod(s))" : "");
      List<Pod> pods = reads.podsOf(job.getMetadata().getName());
      for (Pod pod : pods) {
        String message = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? null
            : pod.getStatus().getContainerStatuses().stream()
                .filter(s -> s.getState() != null && s.getState().getTerminated() != null)
                .map(s -> s.getState().getTerminated().getMessage()).filter(m -> m != null).findFirst().orElse(null);
        JobReport report = JobReportCodec.decode(message);
        out.printf("    pod %s  %s%s%n", pod.getMetadata().getName(),
            pod.getStatus() == null ? "Pending" : pod.getStatus().getPhase(),
            report == null || report.message() == null ? "" : "  " + report.message());
      }
    }
  }

  private static String ownerName(Job job) {
    if (job.getMetadata().getAnnotations() != null && job.getMetadata().getAnnotations().get(Labels.OWNER_NAME) != null) {
      return job.getMetadata().getAnnotations().get(Labels.OWNER_NAME);
    }
    return job.getMetadata().getLabels().get(Labels.OWNER_NAME);
  }

  /** Events about the object (selected by the server on involvedObject.kind and .name). */
  public void events(DescribeReads reads, HasMetadata object) {
    List<Event> events = reads.eventsAbout(object.getKind(), object.getMetadata().getName()).stream()
        .sorted(Comparator.comparing(e -> nullToEmpty(e.getLastTimestamp())))
        .toList();
    out.println("Events:");
    if (events.isEmpty()) {
      out.println("  <none>");
      return;
    }
    out.printf("  %-8s %-18s %-6s %s%n", "TYPE", "REASON", "AGE", "MESSAGE");
    for (Event e : events) {
      out.printf("  %-8s %-18s %-6s %s%n", e.getType(), e.getReason(),
          e.getLastTimestamp() == null ? "" : Ages.since(e.getLastTimestamp(), now), e.getMessage());
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
