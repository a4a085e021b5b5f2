package dev.lifeboat.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A CRD created or replaced through the API is served from then on, as a server serves it: a new one is listed by
 * discovery, printed as a table and served in each of its versions; an upgrade's new CRD (a new field, a new version)
 * brings its schemas and versions.
 */
final class CrdWrites {
  private static final String CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

  private CrdWrites() {}

  /** Whether {@code method} on {@code bare} (a path without its query) creates or replaces a CRD. */
  static boolean is(String method, String bare) {
    return "POST".equals(method) && bare.equals(CRDS)
        || ("PUT".equals(method) || "PATCH".equals(method)) && bare.startsWith(CRDS + "/");
  }

  /** Stores the CRD ({@code stored}), then serves it when the store took it. */
  static MockResponse serve(RecordedRequest request, Function<RecordedRequest, MockResponse> stored,
      ApiDiscovery discovery, ServedVersions versions, TableRenderer tables, CrdSchemas schemas) {
    if ("POST".equals(request.getMethod())) {
      String body = new String(request.getBody().getBytes(), StandardCharsets.UTF_8); // the mock reads the body
      MockResponse response = stored.apply(request);
      if (response.code() / 100 == 2) {
        discovery.served(body);
        CustomResourceDefinition crd = Serialization.unmarshal(body, CustomResourceDefinition.class);
        versions.register(crd);
        tables.register(crd);
      }
      return response;
    }
    MockResponse response = stored.apply(request);
    if (response.code() / 100 == 2) {
      String body = response.getBody().readUtf8();
      CustomResourceDefinition upgraded = Serialization.unmarshal(body, CustomResourceDefinition.class);
      schemas.register(upgraded);
      versions.register(upgraded);
      response.setBody(body);
    }
    return response;
  }
}
