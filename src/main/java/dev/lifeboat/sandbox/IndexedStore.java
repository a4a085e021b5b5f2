package dev.lifeboat.sandbox;

import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.fabric8.mockwebserver.crud.AttributeType;
import java.util.HashMap;
import java.util.function.Supplier;

/**
 * The store behind fabric8's CRUD mock server, with an index. The mock finds objects by scanning
 * its whole map on every request (a get by name too), so the sandbox slowed down with every object
 * it held. Here each object is also filed under its resource, resource/namespace and
 * resource/namespace/name; while a request is served ({@link #scope}), iterating the map visits
 * only the bucket its path names: a superset of what the request can match, which the mock then
 * filters as before. Outside a request the whole map is visited. Insertion order is kept, as the
 * mock's own map kept it (lists come back in creation order).
 */
final class IndexedStore extends AbstractMap<AttributeSet, String> {
  private static final ThreadLocal<String> BUCKET = new ThreadLocal<>();
  /**
   * The one label with a bucket of its own: a Job's pods are asked for by it (the Job runner, and the
   * controller when a finished Job's report is not cached yet), and at 10,000 Jobs a scan of the
   * namespace's pods for each of those lists was what the sandbox spent its time on.
   */
  private static final String INDEXED_LABEL = "labels:job-name";
  private final Map<AttributeSet, String> objects = new LinkedHashMap<>();
  /** Owner uid → the objects whose ownerReferences name it: what the garbage collector deletes after it. */
  private final Map<String, Set<AttributeSet>> dependents = new HashMap<>();
  /** uid → how many entries carry it (the mock replaces an object by removing and putting it: briefly two or none). */
  private final Map<String, Integer> uids = new HashMap<>();
  /**
   * Told of every entry that leaves the store (its key and JSON): the garbage collector, which must check
   * ({@link #holds}) that the object is really gone, since an update also removes the entry before putting it back.
   */
  private volatile Removal onRemoved = (key, json) -> {};

  interface Removal {
    void removed(AttributeSet key, String json);
  }

  /** Whether an object with this uid is stored. */
  synchronized boolean holds(String uid) {
    return uids.containsKey(uid);
  }

  /** The objects whose ownerReferences name this uid, now. */
  synchronized List<AttributeSet> dependentsOf(String uid) {
    Set<AttributeSet> keys = dependents.get(uid);
    return keys == null ? List.of() : List.copyOf(keys);
  }

  /** The JSON of every object in a bucket ("pods/NAMESPACE", "resourcequotas/NAMESPACE"), now. */
  synchronized List<String> bucket(String name) {
    Map<AttributeSet, String> objects = buckets.get(name);
    return objects == null ? List.of() : List.copyOf(objects.values());
  }

  void onRemoved(Removal listener) {
    this.onRemoved = listener;
  }
  /** Bucket → its objects, values included: iterating one never hashes a key (the mock's keys hash slowly). */
  private final Map<String, Map<AttributeSet, String>> buckets = new HashMap<>();

  /** Runs {@code serve} with map iteration limited to what a request for {@code query} can match. */
  static <T> T scope(AttributeSet query, Supplier<T> serve) {
    String previous = BUCKET.get();
    BUCKET.set(bucketOf(query));
    try {
      return serve.get();
    } finally {
      BUCKET.set(previous);
    }
  }

  /** The narrowest bucket that holds every object {@code query} matches; null for all. */
  private static String bucketOf(AttributeSet query) {
    String plural = value(query, "plural");
    if (query == null || plural == null) {
      return null;
    }
    String namespace = value(query, "namespace");
    String name = value(query, "name");
    if (namespace == null) {
      return plural; // cluster-scoped, or across namespaces
    }
    if (name != null) {
      return plural + "/" + namespace + "/" + name;
    }
    Attribute label = query.getAttribute(INDEXED_LABEL);
    String job = label != null && label.getType() == AttributeType.WITH
        ? value(query, INDEXED_LABEL) : null;
    return job == null ? plural + "/" + namespace : plural + "/" + namespace + "/" + INDEXED_LABEL + "=" + job;
  }

  /** "plural/namespace/name" of a stored object's key (namespace empty when cluster-scoped). */
  static String describe(AttributeSet key) {
    return value(key, "plural") + "/" + Objects.requireNonNullElse(value(key, "namespace"), "") + "/"
        + value(key, "name");
  }

  private static String value(AttributeSet set, String key) {
    Attribute attribute = set == null ? null : set.getAttribute(key);
    return attribute == null || attribute.getValues().size() != 1 ? null : attribute.getValues().get(0).toString();
  }

  /** The buckets an object is filed under: resource, resource/namespace, resource/namespace/name (and its job-name label). */
  private static List<String> bucketsOf(AttributeSet key) {
    String plural = value(key, "plural");
    if (plural == null) {
      return List.of();
    }
    String namespace = Objects.requireNonNullElse(value(key, "namespace"), "");
    String name = Objects.requireNonNullElse(value(key, "name"), "");
    String job = value(key, INDEXED_LABEL);
    return job == null ? List.of(plural, plural + "/" + namespace, plural + "/" + namespace + "/" + name)
        : List.of(plural, plural + "/" + namespace, plural + "/" + namespace + "/" + name,
            plural + "/" + namespace + "/" + INDEXED_LABEL + "=" + job);
  }

  @Override
  public synchronized String put(AttributeSet key, String json) {
    String value = StoredJson.withoutNulls(json); // an API server stores no nulls: a merge patch's null removes the field
    String previous = objects.put(key, value);
    if (previous != null) {
      StoredJson.ownerUids(previous).forEach(uid -> unfile(uid, key));
    }
    StoredJson.ownerUids(value).forEach(uid -> dependents.computeIfAbsent(uid, u -> new java.util.LinkedHashSet<>()).add(key));
    if (previous != null) {
      countUid(StoredJson.uid(previous), -1);
    }
    countUid(StoredJson.uid(value), 1);
    bucketsOf(key).forEach(b -> buckets.computeIfAbsent(b, x -> new LinkedHashMap<>()).put(key, value));
    return previous;
  }

  @Override
  public synchronized String remove(Object key) {
    String previous = objects.remove(key);
    if (previous != null && key instanceof AttributeSet set) {
      StoredJson.ownerUids(previous).forEach(uid -> unfile(uid, set));
      countUid(StoredJson.uid(previous), -1);
      onRemoved.removed(set, previous);
      for (String bucket : bucketsOf(set)) {
        Map<AttributeSet, String> keys = buckets.get(bucket);
        if (keys != null && keys.remove(set) != null && keys.isEmpty()) {
          buckets.remove(bucket);
        }
      }
    }
    return previous;
  }

  private void countUid(String uid, int delta) {
    if (uid != null) {
      uids.merge(uid, delta, (a, b) -> a + b == 0 ? null : a + b);
    }
  }

  private void unfile(String ownerUid, AttributeSet key) {
    Set<AttributeSet> keys = dependents.get(ownerUid);
    if (keys != null && keys.remove(key) && keys.isEmpty()) {
      dependents.remove(ownerUid);
    }
  }

  /** The JSON of a stored object, or null. */
  synchronized String json(AttributeSet key) {
    return objects.get(key);
  }

  @Override
  public synchronized String get(Object key) {
    return objects.get(key);
  }

  @Override
  public synchronized boolean containsKey(Object key) {
    return objects.containsKey(key);
  }

  @Override
  public synchronized int size() {
    return objects.size();
  }

  @Override
  public synchronized void clear() {
    objects.clear();
    dependents.clear();
    uids.clear();
    buckets.clear();
  }

  /** A snapshot: the request's bucket while one is served, else everything. */
  @Override
  public synchronized Set<Entry<AttributeSet, String>> entrySet() {
    String bucket = BUCKET.get();
    List<Entry<AttributeSet, String>> entries = new ArrayList<>();
    Map<AttributeSet, String> visited = bucket == null ? objects : buckets.getOrDefault(bucket, Map.of());
    for (Entry<AttributeSet, String> entry : visited.entrySet()) {
      entries.add(new SimpleImmutableEntry<>(entry.getKey(), entry.getValue()));
    }
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<AttributeSet, String>> iterator() {
        Iterator<Entry<AttributeSet, String>> it = entries.iterator();
        return new Iterator<>() {
          private Entry<AttributeSet, String> last;

          @Override
          public boolean hasNext() {
            return it.hasNext();
          }

          @Override
          public Entry<AttributeSet, String> next() {
            last = it.next();
            return last;
          }

          @Override
          public void remove() {
            IndexedStore.this.remove(last.getKey());
          }
        };
      }

      @Override
      public int size() {
        return entries.size();
      }
    };
  }
}
