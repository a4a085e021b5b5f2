package dev.lifeboat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Labels;
import dev.lifeboat.sandbox.Sandbox;
import dev.lifeboat.sandbox.SandboxPaths;
import dev.lifeboat.support.Cli;
import dev.lifeboat.support.FakeAws;
import dev.lifeboat.support.LeakCheck;
import dev.lifeboat.support.Objects;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cloud targets end to end: a plan over EC2 instances (by tag), an RDS instance and cluster, an EKS
 * node group and a Deployment, in the sandbox with no controller, its cloud steps run as real
 * {@code lifeboat hibernate-manager} Job processes with the credentials of a Secret, against a
 * local peer that speaks EC2, RDS and EKS. Everything sleeps and comes back as it was; the
 * credentials were used by the Jobs (the peer saw them) and appear nowhere lifeboat writes.
 */
class HibernateCloudE2E {
  private static final String ACCESS_KEY = "AKIDHIBERNATEE2E";
  private static final String SECRET_KEY = "planted-cloud-secret-7f3a9c";
  @TempDir
  Path tmp;

  @Test
  void cloudTargetsSleepAndWakeThroughJobsWithTheirOwnCredentials() throws Exception {
    List<String> outputs = new ArrayList<>();
    try (LeakCheck leaks = new LeakCheck(); FakeAws aws = new FakeAws();
        Sandbox sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("sandbox")), 0, null, false)) {
      aws.instance("i-web", "running", Map.of("env", "dev"));
      aws.instance("i-batch", "stopped", Map.of("env", "dev"));
      aws.instance("i-prod", "running", Map.of("env", "prod"));
      aws.dbInstance("orders", "available", Map.of());
      aws.dbCluster("analytics", "available", Map.of());
      aws.nodegroup("dev", "general", 1, 3, 5, Map.of());
      sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
          .withName("aws-creds").endMetadata().addToStringData("AWS_ACCESS_KEY_ID", ACCESS_KEY)
          .addToStringData("AWS_SECRET_ACCESS_KEY", SECRET_KEY).build()).create();
      Objects.deployment(sandbox.client(), "default", "web", 2);
      Path targets = tmp.resolve("cloud.yaml");
      String common = "    region: eu-central-1\n    endpoint: " + aws.endpoint() + "\n    credentialsSecret: aws-creds\n";
      Files.writeString(targets, "- name: vms\n  type: ec2\n  selector: env=dev\n  parameters:\n" + common
          + "- name: databases\n  type: rds\n  refs: [orders, cluster/analytics]\n  parameters:\n" + common
          + "- name: nodes\n  type: eks-nodegroups\n  refs: [general]\n  parameters:\n    cluster: dev\n" + common);
      String kc = sandbox.paths().kubeconfig().toString();

      Cli.Result create = run(outputs, kc, "hibernate", "create", "cloud", "--off-hours", "Mon-Fri 20:00-07:00",
          "--workloads", "deployment/web", "--target", targets.toString());
      assertEquals(0, create.exitCode(), create.all());
      Cli.Result now = run(outputs, kc, "hibernate", "now", "cloud", "--wait", "--timeout", "180s");
      assertEquals(0, now.exitCode(), now.all() + "\n" + describe(outputs, kc));
      assertEquals("stopped", aws.state(aws.instances, "i-web"));
      assertEquals("running", aws.state(aws.instances, "i-prod"), "not selected");
      assertEquals("stopped", aws.state(aws.dbInstances, "orders"));
      assertEquals("stopped", aws.state(aws.dbClusters, "analytics"));
      assertEquals(0, aws.nodegroups.get("dev").get("general").get("desiredSize"));
      assertEquals(0, Objects.replicas(sandbox.client(), "default", "deployment/web"));
      assertEquals(3, sandbox.client().batch().v1().jobs().inNamespace("default")
          .withLabel(Labels.PURPOSE, "hibernate").list().getItems().size(), "one shutdown Job per cloud target");

      Cli.Result wake = run(outputs, kc, "hibernate", "wake", "cloud", "--wait", "--timeout", "180s");
      assertEquals(0, wake.exitCode(), wake.all() + "\n" + describe(outputs, kc));
      assertEquals("running", aws.state(aws.instances, "i-web"));
      assertEquals("stopped", aws.state(aws.instances, "i-batch"), "it was stopped before: it stays so");
      assertEquals("available", aws.state(aws.dbInstances, "orders"));
      assertEquals("available", aws.state(aws.dbClusters, "analytics"));
      assertEquals(Map.of("minSize", 1, "desiredSize", 3, "maxSize", 5, "tags", Map.of()),
          aws.nodegroups.get("dev").get("general"));
      assertEquals(2, Objects.replicas(sandbox.client(), "default", "deployment/web"));

      assertTrue(!aws.authorizations.isEmpty() && aws.authorizations.stream()
          .allMatch(a -> a.contains("Credential=" + ACCESS_KEY + "/")), "every AWS call was signed by the Jobs' Secret");
      HibernatePlan plan = sandbox.client().resources(HibernatePlan.class).inNamespace("default").withName("cloud").get();
      assertEquals(1, plan.getStatus().history.size());
      describe(outputs, kc);
      leaks.assertNoneContains(sandbox, outputs, SECRET_KEY);
    }
  }

  @Test
  void aDeniedCloudCallEndsInErrorNamingTheJobAndAwsWordsAndKeepsNoHalfRecord() throws Exception {
    List<String> outputs = new ArrayList<>();
    try (FakeAws aws = new FakeAws();
        Sandbox sandbox = Sandbox.start(new SandboxPaths(tmp.resolve("denied")), 0, null, false)) {
      aws.instance("i-web", "running", Map.of("env", "dev"));
      aws.failing = "StopInstances";
      sandbox.client().secrets().inNamespace("default").resource(new SecretBuilder().withNewMetadata()
          .withName("aws-creds").endMetadata().addToStringData("AWS_ACCESS_KEY_ID", ACCESS_KEY)
          .addToStringData("AWS_SECRET_ACCESS_KEY", SECRET_KEY).build()).create();
      Path targets = tmp.resolve("vms.yaml");
      Files.writeString(targets, "name: vms\ntype: ec2\nselector: env=dev\nparameters:\n  region: eu-central-1\n"
          + "  endpoint: " + aws.endpoint() + "\n  credentialsSecret: aws-creds\n");
      String kc = sandbox.paths().kubeconfig().toString();
      assertEquals(0, run(outputs, kc, "hibernate", "create", "denied", "--off-hours", "20:00-07:00", "--retries", "0",
          "--target", targets.toString()).exitCode());
      Cli.Result now = run(outputs, kc, "hibernate", "now", "denied", "--wait", "--timeout", "120s");
      assertEquals(1, now.exitCode(), now.all());
      assertTrue(now.err().matches("(?s).*hibernateplan denied is Error: target vms failed 1 times: Job denied-vms-shutdown-"
          + ".*StopInstances i-web: UnauthorizedOperation: You are not authorized.*"), now.err());
      assertEquals("running", aws.state(aws.instances, "i-web"));
      var data = sandbox.client().configMaps().inNamespace("default").withName("denied-hibernate-data").get();
      assertTrue(data.getData().get("vms") == null, "a failed shutdown commits nothing: " + data.getData());
    }
  }

  private static Cli.Result run(List<String> outputs, String kc, String... args) {
    Cli.Result r = Cli.against(kc, args);
    outputs.add(r.all());
    return r;
  }

  private static String describe(List<String> outputs, String kc) {
    return run(outputs, kc, "hibernate", "describe", "cloud").out();
  }
}
