package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lifeboat.sandbox.RequestAudit.Request;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Request paths in RBAC's terms, as the audit records them. */
class RequestAuditTest {
  @Test
  void pathsAndMethodsBecomeVerbsResourcesAndNamespaces() {
    assertEquals(new Request("list", "lifeboat.dev", "backups", ""),
        RequestAudit.parse("GET", "/apis/lifeboat.dev/v1alpha1/backups?labelSelector=a%3Db"));
    assertEquals(new Request("watch", "batch", "jobs", ""),
        RequestAudit.parse("GET", "/apis/batch/v1/jobs?allowWatchBookmarks=true&watch=true"));
    assertEquals(new Request("get", "", "configmaps", "shop"), RequestAudit.parse("GET", "/api/v1/namespaces/shop/configmaps/x"));
    assertEquals(new Request("patch", "lifeboat.dev", "restores/status", "shop"),
        RequestAudit.parse("PATCH", "/apis/lifeboat.dev/v1alpha1/namespaces/shop/restores/r1/status"));
    assertEquals(new Request("create", "", "events", "shop"), RequestAudit.parse("POST", "/api/v1/namespaces/shop/events"));
    assertEquals(new Request("get", "", "namespaces", ""), RequestAudit.parse("GET", "/api/v1/namespaces/shop"));
    assertEquals(new Request("delete", "karpenter.sh", "nodepools", ""),
        RequestAudit.parse("DELETE", "/apis/karpenter.sh/v1/nodepools/default"));
    assertEquals(new Request("deletecollection", "", "pods", "shop"), RequestAudit.parse("DELETE", "/api/v1/namespaces/shop/pods"));
    assertEquals(new Request("update", "apps", "deployments/scale", "shop"),
        RequestAudit.parse("PUT", "/apis/apps/v1/namespaces/shop/deployments/api/scale"));
    assertNull(RequestAudit.parse("GET", "/apis/lifeboat.dev/v1alpha1"), "discovery");
    assertNull(RequestAudit.parse("GET", "/version"), "discovery");
  }

  @Test
  void aWriteThatBlocksItsOwnersDeletionAlsoNeedsTheOwnersFinalizers() {
    RequestAudit audit = new RequestAudit();
    Request create = audit.record("Bearer sa", "POST", "/apis/batch/v1/namespaces/shop/jobs");
    audit.recordOwnerChecks("Bearer sa", create, "{\"metadata\":{\"ownerReferences\":[{\"kind\":\"Backup\","
        + "\"blockOwnerDeletion\":true},{\"kind\":\"Restore\",\"blockOwnerDeletion\":false}]}}",
        kind -> kind.equals("Backup") ? "lifeboat.dev/backups" : "lifeboat.dev/restores");
    assertEquals(Set.of(new Request("create", "batch", "jobs", "shop"),
        new Request("update", "lifeboat.dev", "backups/finalizers", "shop")), audit.of("sa"));
    assertEquals(Set.of(), audit.of("someone-else"));
  }
}
