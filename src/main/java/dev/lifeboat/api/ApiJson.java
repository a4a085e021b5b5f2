package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Map;

/**
 * How lifeboat reads and writes its API objects: every mapper that does (the client's, the printer's, the status
 * patch's) takes {@link #configure}, so a field this build does not know is kept, not an error and not dropped.
 */
public final class ApiJson {
  private ApiJson() {}

  /** Jackson's catch-all for {@link UnknownFields}, applied at run time only (see there why). */
  abstract static class UnknownFieldsMixin {
    @JsonAnyGetter
    abstract Map<String, Object> unknownFields();

    @JsonAnySetter
    abstract void putUnknownField(String name, Object value);
  }

  /** {@code mapper} made to keep unknown fields of lifeboat's objects (and to ignore them on anything else). */
  public static <M extends ObjectMapper> M configure(M mapper) {
    mapper.addMixIn(UnknownFields.class, UnknownFieldsMixin.class);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return mapper;
  }

  /**
   * One serialization for every client of this JVM: its mapper learns each class once. A mapper per client
   * introspected every model class again for each new client, which is most of the CPU of a process that makes
   * many (the sandbox, the tests: a crash sweep makes three per crash point).
   */
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization(configure(new ObjectMapper()), true);

  /** A client whose serialization keeps unknown fields: every client lifeboat builds comes from here. */
  public static KubernetesClient client(Config config) {
    return new KubernetesClientBuilder().withConfig(config).withKubernetesSerialization(SERIALIZATION).build();
  }
}
