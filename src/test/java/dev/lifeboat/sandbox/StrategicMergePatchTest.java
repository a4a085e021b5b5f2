package dev.lifeboat.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** A strategic merge patch applied as Kubernetes applies it (through the merge patch it becomes, RFC 7386). */
class StrategicMergePatchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode apply(String stored, String patch) throws Exception {
    JsonNode before = JSON.readTree(stored);
    ObjectNode merge = StrategicMergePatch.toMergePatch(before, (ObjectNode) JSON.readTree(patch));
    return StrictCrudDispatcher.mergePatch(before.deepCopy(), merge);
  }

  @Test
  void keyedListsMergeByTheirKeyAndOthersAreReplaced() throws Exception {
    JsonNode after = apply("""
        {"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http"}],"args":["x","y"]}],
         "tolerations":[{"key":"a"}]}}""", """
        {"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443}],
         "args":["z"]},{"name":"b"}],"tolerations":[{"key":"b"}]}}""");
    assertEquals("""
        {"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"name":"http","protocol":"TCP"},\
        {"containerPort":443}],"args":["z"]},{"name":"b"}],"tolerations":[{"key":"b"}]}}""", after.toString());
  }

  @Test
  void directivesAreCarriedOut() throws Exception {
    JsonNode after = apply("""
        {"metadata":{"finalizers":["a","b"]},"spec":{"volumes":[{"name":"v1","emptyDir":{}},{"name":"v2"}],
         "strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""", """
        {"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]},
         "spec":{"$setElementOrder/volumes":[{"name":"v2"}],"volumes":[{"name":"v1","$patch":"delete"}],
         "strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
    assertEquals("""
        {"metadata":{"finalizers":["b"]},"spec":{"volumes":[{"name":"v2"}],"strategy":{"type":"Recreate"}}}""",
        after.toString());
  }

  @Test
  void finalizersAreASet() throws Exception {
    assertEquals("{\"metadata\":{\"finalizers\":[\"a\",\"b\"]}}",
        apply("{\"metadata\":{\"finalizers\":[\"a\"]}}", "{\"metadata\":{\"finalizers\":[\"b\",\"a\"]}}").toString());
  }
}
