package dev.lifeboat.hibernate;

import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.schedule.LabelSelectors;
import java.net.URI;
import java.util.Map;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;

/**
 * What the AWS executors share: a client for the target's {@code parameters.region} (default: the
 * pod's AWS_REGION, else us-east-1) and {@code parameters.endpoint} (an override: a VPC endpoint, a
 * local peer in tests), credentials from the default chain (the Job's environment from
 * {@code parameters.credentialsSecret}, or the pod's web identity), and errors in AWS's own words.
 */
public final class AwsTargets {
  private AwsTargets() {}

  static <B extends AwsClientBuilder<B, C>, C> C client(B builder, HibernateTarget t) {
    Map<String, String> p = t.parameters == null ? Map.of() : t.parameters;
    String region = p.getOrDefault("region", System.getenv().getOrDefault("AWS_REGION", "us-east-1"));
    builder.region(Region.of(region));
    if (p.get("endpoint") != null && !p.get("endpoint").isBlank()) {
      builder.endpointOverride(URI.create(p.get("endpoint")));
    }
    if (builder instanceof AwsSyncClientBuilder<?, ?> sync) {
      sync.httpClientBuilder(UrlConnectionHttpClient.builder());
    }
    return builder.build();
  }

  /** A failed AWS call as a failed attempt, in AWS's words (never the credentials). */
  static TargetException failure(String what, SdkException e) {
    String message = e instanceof AwsServiceException s && s.awsErrorDetails() != null
        ? s.awsErrorDetails().errorCode() + ": " + s.awsErrorDetails().errorMessage() : e.getMessage();
    return new TargetException(what + ": " + message, e);
  }

  /** Whether tags match the target's selector (kubectl syntax over AWS tags); no selector matches nothing. */
  static boolean selected(HibernateTarget t, Map<String, String> tags) {
    return t.selector != null && !t.selector.isBlank() && LabelSelectors.matches(LabelSelectors.parse(t.selector), tags);
  }
}
