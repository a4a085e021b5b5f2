package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A ResourceQuota refuses a pod as the API server does, in its words. */
class QuotaAdmissionTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text.replace('\'', '"'));
  }

  private static JsonNode pod(String name, String resources, String phase) throws Exception {
    return json("{'metadata':{'name':'" + name + "'},'spec':{'containers':[{'name':'c','resources':" + resources
        + "}]},'status':{'phase':'" + phase + "'}}");
  }

  @Test
  void aTrackedLimitLeftUnsetIsRefused() throws Exception {
    JsonNode quota = json("{'metadata':{'name':'mem'},'spec':{'hard':{'limits.memory':'1Gi'}}}");
    assertEquals("pods \"p\" is forbidden: failed quota: mem: must specify limits.memory for: c",
        QuotaAdmission.refusal(pod("p", "{}", "Pending"), List.of(quota), List.of()));
    assertNull(QuotaAdmission.refusal(pod("p", "{'limits':{'memory':'512Mi'}}", "Pending"), List.of(quota), List.of()));
  }

  @Test
  void whatRunningPodsUseCountsAndEndedOnesDoNot() throws Exception {
    JsonNode quota = json("{'metadata':{'name':'q'},'spec':{'hard':{'pods':'1','requests.cpu':'1'}}}");
    JsonNode running = pod("old", "{'requests':{'cpu':'500m'}}", "Running");
    JsonNode done = pod("done", "{'requests':{'cpu':'900m'}}", "Succeeded");
    assertEquals("pods \"new\" is forbidden: exceeded quota: q, requested: pods=1,requests.cpu=0.6, used: pods=1,"
        + "requests.cpu=0.5, limited: pods=1,requests.cpu=1",
        QuotaAdmission.refusal(pod("new", "{'requests':{'cpu':'600m'}}", "Pending"), List.of(quota), List.of(running, done)));
    assertNull(QuotaAdmission.refusal(pod("new", "{'requests':{'cpu':'600m'}}", "Pending"), List.of(quota), List.of(done)));
  }
}
