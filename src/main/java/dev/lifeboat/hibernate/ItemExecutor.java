package dev.lifeboat.hibernate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.engine.ApiWriter;
import dev.lifeboat.engine.ClusterView;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target as a set of objects handled one by one: the restore data is
 * {@code {"<ref>": <saved fields>, ...}}, the target is live when any object was, at rest when all
 * are. Subclasses say how one object is found, saved, stopped and restored.
 */
abstract class ItemExecutor implements TargetExecutor {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The target's objects now, by ref; refs that name nothing are listed in {@code missing}. */
  abstract Map<String, HasMetadata> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing);

  /** The fields a wake-up puts back. */
  abstract ObjectNode save(HasMetadata item, HibernateTarget t);

  /** Whether saved fields describe a running object. */
  abstract boolean live(JsonNode saved, HibernateTarget t);

  abstract boolean atRest(HasMetadata item, HibernateTarget t);

  /** The merge patch that puts the object to rest. */
  abstract String restPatch(HasMetadata item, HibernateTarget t);

  /** The merge patch that puts the saved fields back. */
  abstract String wakePatch(HasMetadata item, JsonNode saved, HibernateTarget t);

  /** Whether the object shows its saved fields (woken already, or never stopped). */
  abstract boolean matches(HasMetadata item, JsonNode saved, HibernateTarget t);

  /** The object's state in words, for "left as it is" notes ("5 replicas", "not suspended"). */
  abstract String describe(HasMetadata item, HibernateTarget t);

  abstract String describe(JsonNode saved, HibernateTarget t);

  boolean settled(HasMetadata item) {
    return true;
  }

  boolean ready(HasMetadata item) {
    return true;
  }

  @Override
  public State observe(ClusterView live, String ns, HibernateTarget t) {
    List<String> missing = new ArrayList<>();
    Map<String, HasMetadata> items = resolveChecked(live, ns, t, missing);
    boolean stopped = true;
    boolean settled = true;
    boolean ready = true;
    for (HasMetadata item : items.values()) {
      boolean rest = atRest(item, t);
      stopped &= rest;
      settled &= !rest || settled(item);
      ready &= rest || ready(item);
    }
    String warning = null;
    if (!missing.isEmpty()) {
      warning = "not found: " + String.join(", ", missing);
    } else if (items.isEmpty()) {
      warning = "selector '" + t.selector + "' matches nothing in namespace " + ns;
    }
    return new State(List.copyOf(items.keySet()), stopped, settled, ready, warning);
  }

  @Override
  public Capture capture(ClusterView live, String ns, HibernateTarget t) {
    ObjectNode data = JSON.createObjectNode();
    boolean isLive = false;
    for (Map.Entry<String, HasMetadata> e : resolveChecked(live, ns, t, new ArrayList<>()).entrySet()) {
      ObjectNode saved = save(e.getValue(), t);
      data.set(e.getKey(), saved);
      isLive |= live(saved, t);
    }
    return new Capture(isLive, data.toString());
  }

  @Override
  public void shutdown(ApiWriter writer, ClusterView live, String ns, HibernateTarget t) {
    for (HasMetadata item : resolveChecked(live, ns, t, new ArrayList<>()).values()) {
      if (!atRest(item, t)) {
        write(writer, item, restPatch(item, t));
      }
    }
  }

  @Override
  public List<String> wakeUp(ApiWriter writer, ClusterView live, String ns, HibernateTarget t, String data) {
    List<String> notes = new ArrayList<>();
    Map<String, HasMetadata> items = resolveChecked(live, ns, t, new ArrayList<>());
    JsonNode saved;
    try {
      saved = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new TargetException("its restore data is not JSON: " + e.getOriginalMessage());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = saved.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      HasMetadata item = items.get(e.getKey());
      if (item == null) {
        notes.add(e.getKey() + " is gone: nothing to wake");
      } else if (atRest(item, t)) {
        if (live(e.getValue(), t)) {
          write(writer, item, wakePatch(item, e.getValue(), t));
        }
      } else if (!matches(item, e.getValue(), t)) {
        notes.add(e.getKey() + " was changed while the plan slept (" + describe(item, t) + ", saved: "
            + describe(e.getValue(), t) + "): left as it is");
      }
    }
    return notes;
  }

  private Map<String, HasMetadata> resolveChecked(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    try {
      return resolve(live, ns, t, missing);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 403) {
        throw new TargetException("forbidden to read: " + e.getStatus().getMessage(), e);
      }
      if (e.getCode() == 404 || e.getCode() == 0) {
        throw new TargetException("the cluster does not serve this kind (" + e.getMessage() + ")", e);
      }
      throw e;
    }
  }

  private static void write(ApiWriter writer, HasMetadata item, String patch) {
    try {
      writer.mergePatch(item, patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        return; // gone meanwhile: nothing left to stop or wake
      }
      throw new TargetException(item.getKind() + " " + item.getMetadata().getName() + ": " + (e.getStatus() == null
          ? e.getMessage() : e.getStatus().getMessage()), e);
    }
  }

  /** Objects of {@code candidates} whose labels match the target's selector. */
  static <T extends HasMetadata> List<T> matching(List<T> candidates, HibernateTarget t) {
    if (t.selector == null || t.selector.isBlank()) {
      return List.of();
    }
    var selector = LabelSelectors.parse(t.selector);
    List<T> out = new ArrayList<>();
    for (T c : candidates) {
      if (LabelSelectors.matches(selector, c.getMetadata().getLabels() == null ? Map.of() : c.getMetadata().getLabels())) {
        out.add(c);
      }
    }
    return out;
  }

  static Map<String, HasMetadata> ordered() {
    return new LinkedHashMap<>();
  }
}
