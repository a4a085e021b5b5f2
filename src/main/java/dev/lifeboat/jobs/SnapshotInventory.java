package dev.lifeboat.jobs;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lifeboat.lifecycle.repository.SnapshotInfo;
import dev.lifeboat.lifecycle.repository.SnapshotInventoryNames;
import dev.lifeboat.api.Labels;
import dev.lifeboat.api.Repository;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The snapshot list a verify Job leaves in the ConfigMaps {@code <repository>-snapshots[-i]}
 * ({@link SnapshotInventoryNames}): restic's {@code snapshots --json} fields lifeboat uses,
 * gzip-compressed (10,000 snapshots take about 600 KB), in as many parts as it takes.
 */
public final class SnapshotInventory {
  private static final ObjectMapper JSON = new ObjectMapper()
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  /** A ConfigMap holds at most 1 MiB: a part is at most this, compressed. */
  public static final int MAX_BYTES = 900 * 1024;
  /** Snapshots a part starts with (about 600 KB compressed with restic's random IDs); halved while a part is too big. */
  static final int PART_SNAPSHOTS = 10_000;

  private SnapshotInventory() {}

  /** restic's JSON array ({@code restic snapshots --json}) as SnapshotInfos. */
  public static List<SnapshotInfo> fromRestic(String json) {
    try {
      List<ResticSnapshot> raw = JSON.readValue(json.isBlank() ? "[]" : json, new TypeReference<List<ResticSnapshot>>() {});
      return raw.stream().map(r -> new SnapshotInfo(r.id, r.time, r.hostname, r.paths, r.tags)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("restic snapshots --json printed something else than a snapshot list", e);
    }
  }

  /**
   * The list cut into parts of at most {@link #MAX_BYTES} each (base64 of gzip JSON), in order: part 0
   * goes in the head ConfigMap. No ceiling: 50,000 snapshots take about five parts.
   */
  public static List<String> encodeParts(List<SnapshotInfo> snapshots) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    int size = Math.max(1, Math.min(PART_SNAPSHOTS, snapshots.size()));
    do {
      int to = Math.min(snapshots.size(), from + size);
      byte[] gz = gzip(snapshots.subList(from, to));
      if (gz.length > MAX_BYTES && to - from > 1) {
        size = Math.max(1, (to - from) / 2); // long paths or tags: fewer per part
        continue;
      }
      if (gz.length > MAX_BYTES) {
        throw new IllegalStateException("snapshot " + snapshots.get(from).id() + " alone takes " + gz.length / 1024
            + " KiB compressed, more than a ConfigMap holds");
      }
      parts.add(Base64.getEncoder().encodeToString(gz));
      from = to;
    } while (from < snapshots.size());
    return parts;
  }

  /**
   * The ConfigMaps that hold {@code snapshots} for {@code repository}, owned by it, in the order to write them:
   * parts from the last to the first, the head (which says how many there are) last, so a reader never joins a
   * half-written list.
   */
  public static List<ConfigMap> configMaps(Repository repository, String job, List<SnapshotInfo> snapshots) {
    List<String> parts = encodeParts(snapshots);
    List<ConfigMap> maps = new ArrayList<>();
    for (int i = parts.size() - 1; i >= 0; i--) {
      maps.add(part(repository, i, Map.of(SnapshotInventoryNames.JOB_ANNOTATION, job,
          SnapshotInventoryNames.PARTS_ANNOTATION, Integer.toString(parts.size())), Map.of(SnapshotInventoryNames.KEY, parts.get(i))));
    }
    return maps;
  }

  /**
   * Writes the list for {@code repository} (a verify Job's last step): its parts, the head last, then empties the
   * parts an earlier, longer list left past the new count.
   */
  public static void write(KubernetesClient kube, Repository repository, String job, List<SnapshotInfo> snapshots) {
    String namespace = repository.getMetadata().getNamespace();
    List<ConfigMap> parts = configMaps(repository, job, snapshots);
    parts.forEach(part -> kube.configMaps().inNamespace(namespace).resource(part).createOr(existing -> existing.update()));
    for (int i = parts.size(); kube.configMaps().inNamespace(namespace)
        .withName(SnapshotInventoryNames.part(repository.getMetadata().getName(), i)).get() != null; i++) {
      kube.configMaps().inNamespace(namespace).resource(emptyPart(repository, job, i)).createOr(existing -> existing.update());
    }
  }

  /** Part {@code index} emptied: what an earlier, longer list left past the head's count. */
  static ConfigMap emptyPart(Repository repository, String job, int index) {
    return part(repository, index, Map.of(SnapshotInventoryNames.JOB_ANNOTATION, job), Map.of());
  }

  private static ConfigMap part(Repository repository, int index, Map<String, String> annotations, Map<String, String> data) {
    String name = repository.getMetadata().getName();
    return new ConfigMapBuilder()
        .withNewMetadata()
          .withName(SnapshotInventoryNames.part(name, index))
          .withNamespace(repository.getMetadata().getNamespace())
          .withLabels(Map.of(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE))
          .withAnnotations(annotations)
          .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion(repository.getApiVersion())
              .withKind(repository.getKind()).withName(name).withUid(repository.getMetadata().getUid()).build())
        .endMetadata()
        .withBinaryData(data)
        .build();
  }

  private static byte[] gzip(List<SnapshotInfo> snapshots) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
        JSON.writeValue(gzip, snapshots.stream().map(ResticSnapshot::of).toList());
      }
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The list a verify Job left for {@code repository}, all parts joined, or null when there is none, when it was
   * written by another Job than {@code job} (null: whichever wrote the head), or when a part is missing or from
   * another run (a Job killed while writing, which never got to the head, or an older run's leftover).
   */
  public static List<SnapshotInfo> read(Function<String, ConfigMap> configMaps, String repository, String job) {
    ConfigMap head = configMaps.apply(SnapshotInventoryNames.configMap(repository));
    String writer = writer(head);
    if (writer == null || !head.getBinaryData().containsKey(SnapshotInventoryNames.KEY) || job != null && !job.equals(writer)) {
      return null;
    }
    String count = head.getMetadata().getAnnotations().get(SnapshotInventoryNames.PARTS_ANNOTATION);
    int parts = count == null ? 1 : Integer.parseInt(count);
    List<SnapshotInfo> all = new ArrayList<>(decodePart(head));
    for (int i = 1; i < parts; i++) {
      ConfigMap part = configMaps.apply(SnapshotInventoryNames.part(repository, i));
      if (!writer.equals(writer(part)) || !part.getBinaryData().containsKey(SnapshotInventoryNames.KEY)) {
        return null;
      }
      all.addAll(decodePart(part));
    }
    return all;
  }

  private static String writer(ConfigMap map) {
    if (map == null || map.getBinaryData() == null || map.getMetadata().getAnnotations() == null) {
      return null;
    }
    return map.getMetadata().getAnnotations().get(SnapshotInventoryNames.JOB_ANNOTATION);
  }

  private static List<SnapshotInfo> decodePart(ConfigMap configMap) {
    byte[] gz = Base64.getDecoder().decode(configMap.getBinaryData().get(SnapshotInventoryNames.KEY));
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return fromRestic(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("ConfigMap " + configMap.getMetadata().getName() + " holds no snapshot list", e);
    }
  }

  /** restic's field names, so the stored list reads like restic's own output. */
  public static final class ResticSnapshot {
    public String id;
    public String time;
    public String hostname;
    public List<String> paths;
    public List<String> tags;

    static ResticSnapshot of(SnapshotInfo s) {
      ResticSnapshot r = new ResticSnapshot();
      r.id = s.id();
      r.time = s.time();
      r.hostname = s.hostname();
      r.paths = s.paths();
      r.tags = s.tags();
      return r;
    }
  }
}
