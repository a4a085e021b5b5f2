package dev.lifeboat.lifecycle;

import java.util.List;
import java.util.Map;

/**
 * Who may reach beyond a namespace through lifeboat. A namespace user's objects are carried out by
 * the controller and by Jobs with more rights than the user has, so what an object may touch is
 * decided here, not by those rights: only objects in lifeboat's own namespace ({@code adminNamespace},
 * where the controller runs) may act cluster-wide (NodePools, cluster-scoped patch targets, the
 * controller's cloud identity, a Schedule across namespaces, a repository's every snapshot).
 *
 * @param adminNamespace lifeboat's own namespace (the controller's; {@code lifeboat-system} by default)
 * @param allowedImages images (exact, or a prefix ending in {@code *}) a {@code command} source may run in any
 *     namespace; elsewhere a custom image needs the namespace annotation {@link #CUSTOM_IMAGES}
 */
public record Tenancy(String adminNamespace, List<String> allowedImages) {
  /** Namespace annotation: {@code "true"} lets command sources of the namespace run any image. */
  public static final String CUSTOM_IMAGES = "lifeboat.dev/custom-images";
  public static final String DEFAULT_ADMIN_NAMESPACE = "lifeboat-system";

  public Tenancy {
    allowedImages = allowedImages == null ? List.of() : List.copyOf(allowedImages);
  }

  public static Tenancy defaults() {
    return new Tenancy(DEFAULT_ADMIN_NAMESPACE, List.of());
  }

  /** Whether an object in {@code namespace} may act beyond it. */
  public boolean isAdmin(String namespace) {
    return adminNamespace.equals(namespace);
  }

  /**
   * The restic host whose snapshots a Repository of {@code namespace} sees, or null for all: lifeboat writes each
   * namespace's snapshots as host = namespace, and only lifeboat's own namespace may ask for the whole URL.
   */
  public String snapshotHost(String namespace, Boolean allNamespaces) {
    return Boolean.TRUE.equals(allNamespaces) && isAdmin(namespace) ? null : namespace;
  }

  /** Why a Repository's spec.allNamespaces may not be honoured, or null. */
  public String allNamespacesProblem(String namespace, Boolean allNamespaces) {
    return Boolean.TRUE.equals(allNamespaces) && !isAdmin(namespace)
        ? "spec.allNamespaces: " + onlyAdmin() + " see every namespace's snapshots; leave it out (this Repository"
            + " then sees the snapshots of namespace " + namespace + ") or create the Repository in " + adminNamespace
        : null;
  }

  /** How refusals name who may: "only objects in lifeboat's namespace lifeboat-system". */
  public String onlyAdmin() {
    return "only objects in lifeboat's own namespace " + adminNamespace + " may";
  }

  /**
   * Whether a command source in {@code namespace} (with its annotations) may run {@code image}: lifeboat's own image
   * always, an allow-listed one anywhere, any other only where the namespace opts in (or in lifeboat's namespace).
   */
  public boolean mayRun(String image, String ownImage, String namespace, Map<String, String> namespaceAnnotations) {
    if (image == null || image.equals(ownImage) || isAdmin(namespace)) {
      return true;
    }
    for (String allowed : allowedImages) {
      if (allowed.endsWith("*") ? image.startsWith(allowed.substring(0, allowed.length() - 1)) : image.equals(allowed)) {
        return true;
      }
    }
    return namespaceAnnotations != null && "true".equals(namespaceAnnotations.get(CUSTOM_IMAGES));
  }
}
