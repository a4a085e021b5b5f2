package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * An OpenBao (or Vault) cluster on integrated storage: its raft snapshot
 * ({@code GET /v1/sys/storage/raft/snapshot}), restored with {@code POST
 * /v1/sys/storage/raft/snapshot-force}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OpenBaoSource extends UnknownFields {
  @Required
  @JsonPropertyDescription("Address of the cluster's API, e.g. https://openbao.vault.svc:8200.")
  public String address;

  @JsonPropertyDescription("Secret key holding the CA certificate (PEM) that signed the server's certificate.")
  public SecretKeyRef caSecretRef;

  @JsonPropertyDescription("Secret key holding a token with the sys/storage/raft/snapshot capabilities. One of tokenSecretRef and kubernetes.")
  public SecretKeyRef tokenSecretRef;

  @JsonPropertyDescription("Log in with the Job's service-account token through the kubernetes auth method.")
  public KubernetesAuth kubernetes;

  /** The kubernetes auth method: {@code POST /v1/auth/<mountPath>/login {role, jwt}}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class KubernetesAuth extends UnknownFields {
    @Required
    @JsonPropertyDescription("Role of the kubernetes auth method bound to the Job's service account.")
    public String role;

    @JsonPropertyDescription("Mount path of the auth method; default kubernetes.")
    public String mountPath;

    public String mountPathOrDefault() {
      return mountPath == null || mountPath.isBlank() ? "kubernetes" : mountPath.replaceAll("^/+|/+$", "");
    }
  }
}
