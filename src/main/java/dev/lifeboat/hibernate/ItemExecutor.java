package dev.lifeboat.hibernate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ApiWriter;
import dev.lifeboat.cluster.ClusterView;
import dev.lifeboat.schedule.LabelSelectors;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A target as a set of objects handled one by one: the restore data is
 * {@code {"<ref>": <saved fields>, ...}}, the target is live when any object was, at rest when all
 * are. Subclasses say how one object is found, saved, stopped and restored.
 *
 * @param <T> what one object is as read: a Kubernetes object, or a cloud resource's description
 */
abstract class ItemExecutor<T> implements TargetExecutor {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The target's objects now, by ref; refs that name nothing are listed in {@code missing}. */
  abstract Map<String, T> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing);

  /** The fields a wake-up puts back. */
  abstract ObjectNode save(T item, HibernateTarget t);

  /** Whether saved fields describe a running object. */
  abstract boolean live(JsonNode saved, HibernateTarget t);

  abstract boolean atRest(T item, HibernateTarget t);

  /** Puts the object to rest. */
  abstract void stop(ApiWriter writer, T item, HibernateTarget t);

  /** Puts the saved fields back. */
  abstract void restore(ApiWriter writer, T item, JsonNode saved, HibernateTarget t);

  /** Whether the object shows its saved fields (woken already, or never stopped). */
  abstract boolean matches(T item, JsonNode saved, HibernateTarget t);

  /** The object's state in words, for "left as it is" notes ("5 replicas", "not suspended"). */
  abstract String describe(T item, HibernateTarget t);

  abstract String describe(JsonNode saved, HibernateTarget t);

  boolean settled(T item) {
    return true;
  }

  boolean ready(T item) {
    return true;
  }

  /** Reading failed: a failed attempt with words for the status ({@link TargetException}), or a rethrow. */
  abstract RuntimeException readFailure(RuntimeException e);

  @Override
  public State observe(ClusterView live, String ns, HibernateTarget t) {
    List<String> missing = new ArrayList<>();
    Map<String, T> items = resolveChecked(live, ns, t, missing);
    boolean stopped = true;
    boolean settled = true;
    boolean ready = true;
    for (T item : items.values()) {
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
    for (Map.Entry<String, T> e : resolveChecked(live, ns, t, new ArrayList<>()).entrySet()) {
      ObjectNode saved = save(e.getValue(), t);
      data.set(e.getKey(), saved);
      isLive |= live(saved, t);
    }
    return new Capture(isLive, data.toString());
  }

  @Override
  public void shutdown(ApiWriter writer, ClusterView live, String ns, HibernateTarget t) {
    for (T item : resolveChecked(live, ns, t, new ArrayList<>()).values()) {
      if (!atRest(item, t)) {
        stop(writer, item, t);
      }
    }
  }

  @Override
  public List<String> wakeUp(ApiWriter writer, ClusterView live, String ns, HibernateTarget t, String data) {
    List<String> notes = new ArrayList<>();
    Map<String, T> items = resolveChecked(live, ns, t, new ArrayList<>());
    JsonNode saved;
    try {
      saved = JSON.readTree(data);
    } catch (JsonProcessingException e) {
      throw new TargetException("its restore data is not JSON: " + e.getOriginalMessage());
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = saved.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      T item = items.get(e.getKey());
      if (item == null) {
        notes.add(e.getKey() + " is gone: nothing to wake");
      } else if (atRest(item, t)) {
        if (live(e.getValue(), t)) {
          restore(writer, item, e.getValue(), t);
        }
      } else if (!matches(item, e.getValue(), t)) {
        notes.add(e.getKey() + " was changed while the plan slept (" + describe(item, t) + ", saved: "
            + describe(e.getValue(), t) + "): left as it is");
      }
    }
    return notes;
  }

  private Map<String, T> resolveChecked(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    try {
      return resolve(live, ns, t, missing);
    } catch (TargetException e) {
      throw e;
    } catch (RuntimeException e) {
      throw readFailure(e);
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

  static <V> Map<String, V> ordered() {
    return new LinkedHashMap<>();
  }
}
