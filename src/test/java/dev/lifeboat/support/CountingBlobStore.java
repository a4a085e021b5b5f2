package dev.lifeboat.support;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gaul.s3proxy.blobstore.BlobStore;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * An S3Proxy store that counts what it serves: operations by kind (getBlob, putBlob, list, ...) and object reads by
 * bucket and the first part of their key ({@code bucket/index}, {@code bucket/data}, ...: restic's file types).
 */
public final class CountingBlobStore {
  private final Map<String, AtomicLong> operations = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> readsByType = new ConcurrentHashMap<>();
  private final BlobStore store;

  public CountingBlobStore(BlobStore inner) {
    store = (BlobStore) Proxy.newProxyInstance(BlobStore.class.getClassLoader(), new Class<?>[] {BlobStore.class},
        (InvocationHandler) (proxy, method, args) -> {
          if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args); // counted where it lands
          }
          operations.computeIfAbsent(method.getName(), k -> new AtomicLong()).incrementAndGet();
          if (method.getName().equals("getBlob") && args != null && args.length == 1 && args[0] instanceof GetObjectRequest get) {
            readsByType.computeIfAbsent(get.bucket() + "/" + get.key().split("/", 2)[0], k -> new AtomicLong())
                .incrementAndGet();
          }
          try {
            return method.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The store to give S3Proxy. */
  public BlobStore store() {
    return store;
  }

  /** Operations so far, by kind. */
  public Map<String, Long> operations() {
    return copy(operations);
  }

  /** Object reads (GET) so far, by bucket and restic file type: {@code bucket/index}. */
  public Map<String, Long> readsByType() {
    return copy(readsByType);
  }

  private static Map<String, Long> copy(Map<String, AtomicLong> counts) {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }
}
