package dev.lifeboat.jobs;

import dev.lifeboat.api.Labels;
import dev.lifeboat.lifecycle.JobNames;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * A run's log kept beyond its Job: Job pods go after a day ({@code ttlSecondsAfterFinished}), and their logs with them.
 * When a Job ends, the controller keeps what its pods wrote in the ConfigMap {@code <job>-log}, owned by the object the
 * Job ran for (so it lives as long as that Backup, Restore, Drill or Repository), gzip-compressed, bounded (the last
 * {@link #MAX_TEXT} of it), and redacted: the controller reads no Secret, so what it removes is what a Secret's value
 * looks like in a log ({@code NAME=value} for the variables a container takes from Secrets, credentials in a URL).
 * {@code backup|restore|drill|repository logs} read it when the pods are gone.
 */
public final class RunLogs {
  public static final String KEY = "log.gz";
  /** Marks a kept log (and tells it from other ConfigMaps of lifeboat). */
  public static final String LABEL = "lifeboat.dev/run-log";
  public static final String JOB_ANNOTATION = "lifeboat.dev/job";
  /** At most this much of a run's log is kept: its end, where the outcome is. */
  public static final int MAX_TEXT = 2 * 1024 * 1024;
  static final String REDACTED = "[redacted]";
  private static final Pattern URL_CREDENTIALS = Pattern.compile("(://)[^/\\s:@]+:[^/\\s@]+@");

  private RunLogs() {}

  public static String configMap(String jobName) {
    return JobNames.fit(jobName + "-log", 253);
  }

  /** The lifeboat object {@code owned} runs for (its owner of lifeboat's group), or null. */
  public static OwnerReference ownerOf(io.fabric8.kubernetes.api.model.HasMetadata owned) {
    return owned.getMetadata().getOwnerReferences() == null ? null : owned.getMetadata().getOwnerReferences()
        .stream().filter(r -> Labels.GROUP.equals(r.getApiVersion().replaceFirst("/.*", ""))).findFirst().orElse(null);
  }

  /**
   * The ConfigMap keeping {@code text} for {@code job}, owned by {@code owner} (the object the Job ran for, or the
   * Drill whose Restore that is: a drill deletes its Restore, and its logs must outlive it); null without an owner.
   */
  public static ConfigMap keep(Job job, OwnerReference owner, String text) {
    if (owner == null) {
      return null;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(LABEL, "true");
    Map<String, String> jobLabels = job.getMetadata().getLabels() == null ? Map.of() : job.getMetadata().getLabels();
    for (String key : List.of(Labels.OWNER_KIND, Labels.OWNER_NAME, Labels.PURPOSE)) {
      if (jobLabels.containsKey(key)) {
        labels.put(key, jobLabels.get(key));
      }
    }
    return new ConfigMapBuilder().withNewMetadata()
        .withName(configMap(job.getMetadata().getName()))
        .withNamespace(job.getMetadata().getNamespace())
        .withLabels(labels)
        .withAnnotations(Map.of(JOB_ANNOTATION, job.getMetadata().getName()))
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
            .withName(owner.getName()).withUid(owner.getUid()).withBlockOwnerDeletion(false).build())
        .endMetadata()
        .withBinaryData(Map.of(KEY, Base64.getEncoder().encodeToString(compressed(text))))
        .build();
  }

  /** The kept text, or null when {@code map} keeps none. */
  public static String read(ConfigMap map) {
    if (map == null || map.getBinaryData() == null || !map.getBinaryData().containsKey(KEY)) {
      return null;
    }
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(map.getBinaryData().get(KEY))))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("ConfigMap " + map.getMetadata().getName() + " keeps no readable log", e);
    }
  }

  /** {@code log} with what a Secret's value looks like in {@code container}'s output replaced. */
  public static String redact(String log, Container container) {
    if (log == null) {
      return null;
    }
    String out = URL_CREDENTIALS.matcher(log).replaceAll("$1" + REDACTED + "@");
    Pattern secrets = secretAssignments(container);
    return secrets == null ? out : secrets.matcher(out).replaceAll("$1=" + REDACTED);
  }

  /**
   * How a container's Secret values would show in output it prints: {@code NAME=value} for each variable it takes
   * from a Secret ({@code env[].valueFrom.secretKeyRef}); with {@code envFrom} a whole Secret, any {@code NAME=value}.
   * The controller reads no Secret, so it cannot know the values themselves.
   */
  public static Pattern secretAssignments(Container container) {
    if (container == null) {
      return null;
    }
    boolean wholeSecret = container.getEnvFrom() != null
        && container.getEnvFrom().stream().anyMatch(f -> f.getSecretRef() != null);
    List<String> names = new ArrayList<>();
    for (EnvVar env : container.getEnv() == null ? List.<EnvVar>of() : container.getEnv()) {
      if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
        names.add(Pattern.quote(env.getName()));
      }
    }
    String name = wholeSecret ? "[A-Za-z_][A-Za-z0-9_]*" : names.isEmpty() ? null : "(?:" + String.join("|", names) + ")";
    return name == null ? null : Pattern.compile("\\b(" + name + ")=\\S*");
  }

  static String bounded(String text, int max) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= max) {
      return text;
    }
    String tail = new String(bytes, bytes.length - max, max, StandardCharsets.UTF_8);
    return "[… the first " + (bytes.length - max) + " bytes of this log are not kept]\n" + tail.substring(tail.indexOf('\n') + 1);
  }

  /** The end of {@code text}, gzip-compressed to at most 900 KiB (a ConfigMap holds 1 MiB): less of it if need be. */
  static byte[] compressed(String text) {
    int limit = MAX_TEXT;
    byte[] gz = gzip(bounded(text, limit));
    while (gz.length > 900 * 1024) {
      limit /= 2;
      gz = gzip(bounded(text, limit));
    }
    return gz;
  }

  private static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
      gz.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
