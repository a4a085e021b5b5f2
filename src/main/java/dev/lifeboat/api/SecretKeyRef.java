package dev.lifeboat.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A reference to one key of a Secret in the resource's namespace. Never the value itself. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecretKeyRef extends UnknownFields {
  @Required
  @Pattern(Names.DNS_SUBDOMAIN)
  @JsonPropertyDescription("Name of the Secret, in the same namespace.")
  public String name;

  @JsonPropertyDescription("Key inside the Secret; defaults to 'password'.")
  public String key;

  public SecretKeyRef() {}

  public SecretKeyRef(String name, String key) {
    this.name = name;
    this.key = key;
  }

  public String keyOrDefault() {
    return key == null || key.isBlank() ? "password" : key;
  }
}
