package dev.lifeboat.hibernate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.support.FakeAws;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cloud executors through the AWS SDK against a local peer that speaks EC2, RDS and EKS
 * ({@link FakeAws}: no cloud is reachable here): what they find, save, stop and bring back.
 */
class AwsExecutorsIT {
  static FakeAws aws;

  @BeforeAll
  static void start() throws Exception {
    aws = new FakeAws();
    System.setProperty("aws.accessKeyId", "AKIDEXECUTORTEST");
    System.setProperty("aws.secretAccessKey", "executor-test-secret");
  }

  @AfterAll
  static void stop() {
    aws.close();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  private static HibernateTarget target(String type, String selector, String... refs) {
    HibernateTarget t = new HibernateTarget(type, type);
    t.selector = selector;
    t.refs = new java.util.ArrayList<>(List.of(refs));
    t.parameters.put("region", "eu-central-1");
    t.parameters.put("endpoint", aws.endpoint());
    return t;
  }

  private static TargetExecutor executor(String type) {
    return TargetExecutors.forType(type).orElseThrow();
  }

  @Test
  void ec2InstancesByTagAreStoppedAndOnlyThoseThatRanAreStartedAgain() {
    aws.instance("i-web", "running", Map.of("env", "dev"));
    aws.instance("i-idle", "stopped", Map.of("env", "dev"));
    aws.instance("i-prod", "running", Map.of("env", "prod"));
    HibernateTarget t = target("ec2", "env=dev");
    TargetExecutor ec2 = executor("ec2");
    assertTrue(ec2.remote(), "cloud targets run in a Job");
    TargetExecutor.State before = ec2.observe(null, "ns", t);
    assertEquals(List.of("instance/i-web", "instance/i-idle"), before.items());
    assertFalse(before.stopped());
    TargetExecutor.Capture capture = ec2.capture(null, "ns", t);
    assertTrue(capture.isLive());
    assertEquals("{\"instance/i-web\":{\"state\":\"running\"},\"instance/i-idle\":{\"state\":\"stopped\"}}", capture.data());

    ec2.shutdown(null, null, "ns", t);
    assertEquals("stopped", aws.state(aws.instances, "i-web"));
    assertEquals("running", aws.state(aws.instances, "i-prod"), "not selected");
    assertTrue(aws.calls.contains("StopInstances i-web"));
    assertFalse(aws.calls.stream().anyMatch(c -> c.contains("i-idle") && c.startsWith("Stop")), "already down: not written");
    assertTrue(ec2.observe(null, "ns", t).stopped());

    aws.instances.get("i-idle").put("state", "running"); // started by a person at night
    List<String> notes = ec2.wakeUp(null, null, "ns", t, capture.data());
    assertEquals("running", aws.state(aws.instances, "i-web"));
    assertEquals(List.of("instance/i-idle was changed while the plan slept (running, saved: stopped): left as it is"),
        notes);
    assertTrue(aws.authorizations.stream().allMatch(a -> a.contains("Credential=AKIDEXECUTORTEST/")),
        "requests signed with the configured credentials");
  }

  @Test
  void rdsInstancesAndClustersStopAndStart() {
    aws.dbInstance("orders", "available", Map.of("team", "shop"));
    aws.dbCluster("analytics", "available", Map.of("team", "data"));
    HibernateTarget t = target("rds", null, "orders", "cluster/analytics");
    TargetExecutor rds = executor("rds");
    TargetExecutor.Capture capture = rds.capture(null, "ns", t);
    rds.shutdown(null, null, "ns", t);
    assertEquals("stopped", aws.state(aws.dbInstances, "orders"));
    assertEquals("stopped", aws.state(aws.dbClusters, "analytics"));
    assertTrue(rds.observe(null, "ns", t).stopped());
    assertEquals(List.of(), rds.wakeUp(null, null, "ns", t, capture.data()));
    assertEquals("available", aws.state(aws.dbInstances, "orders"));
    assertEquals("available", aws.state(aws.dbClusters, "analytics"));
  }

  @Test
  void eksNodeGroupsGoToZeroAndBackToTheirSizes() {
    aws.nodegroup("dev", "general", 1, 3, 5, Map.of("pool", "general"));
    aws.nodegroup("dev", "spare", 0, 0, 2, Map.of("pool", "spare"));
    HibernateTarget t = target("eks-nodegroups", null, "general", "spare");
    t.parameters.put("cluster", "dev");
    TargetExecutor eks = executor("eks-nodegroups");
    TargetExecutor.Capture capture = eks.capture(null, "ns", t);
    eks.shutdown(null, null, "ns", t);
    assertEquals(Map.of("minSize", 0, "desiredSize", 0, "maxSize", 5, "tags", Map.of("pool", "general")),
        aws.nodegroups.get("dev").get("general"));
    assertFalse(aws.calls.contains("UpdateNodegroupConfig spare"), "already at 0: not written");
    eks.wakeUp(null, null, "ns", t, capture.data());
    assertEquals(1, aws.nodegroups.get("dev").get("general").get("minSize"));
    assertEquals(3, aws.nodegroups.get("dev").get("general").get("desiredSize"));
    assertEquals(0, aws.nodegroups.get("dev").get("spare").get("desiredSize"));
  }

  @Test
  void aDeniedCallIsAFailedAttemptInAwsWords() {
    aws.instance("i-locked", "running", Map.of("env", "locked"));
    HibernateTarget t = target("ec2", "env=locked");
    aws.failing = "StopInstances";
    try {
      TargetException e = assertThrows(TargetException.class, () -> executor("ec2").shutdown(null, null, "ns", t));
      assertTrue(e.getMessage().startsWith("StopInstances i-locked: UnauthorizedOperation: You are not authorized"),
          e.getMessage());
    } finally {
      aws.failing = null;
    }
    HibernateTarget eks = target("eks-nodegroups", null, "x");
    TargetException missing = assertThrows(TargetException.class, () -> executor("eks-nodegroups").observe(null, "ns", eks));
    assertTrue(missing.getMessage().contains("parameters.cluster is missing"), missing.getMessage());
  }
}
