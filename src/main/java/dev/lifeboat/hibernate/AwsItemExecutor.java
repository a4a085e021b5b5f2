package dev.lifeboat.hibernate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lifeboat.api.HibernateTarget;
import dev.lifeboat.cluster.ClusterView;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * AWS resources as targets. They run in a {@code hibernate-manager} Job ({@link #remote}), with the
 * cloud credentials of that Job only: the controller never holds them. An object is its description
 * as JSON ({@code id}, {@code state}, {@code tags}, ...), chosen by refs (IDs) or by the selector
 * over its tags.
 */
abstract class AwsItemExecutor extends ItemExecutor<ObjectNode> {
  /** Every resource of the kind in the target's account and region, by ref. */
  protected abstract Map<String, ObjectNode> list(HibernateTarget t);

  /** A ref as written in the spec ("i-0abc", "instance/i-0abc") in the form {@link #list} keys by. */
  protected abstract String refOf(String ref);

  @Override
  public boolean remote() {
    return true;
  }

  @Override
  Map<String, ObjectNode> resolve(ClusterView live, String ns, HibernateTarget t, List<String> missing) {
    Map<String, ObjectNode> all = list(t);
    Map<String, ObjectNode> items = ordered();
    for (String ref : t.refs == null ? List.<String>of() : t.refs) {
      ObjectNode item = all.get(refOf(ref));
      if (item == null) {
        missing.add(refOf(ref));
      } else {
        items.put(refOf(ref), item);
      }
    }
    all.forEach((ref, item) -> {
      Map<String, String> tags = JSON.convertValue(item.path("tags"),
          new TypeReference<Map<String, String>>() { });
      if (AwsTargets.selected(t, tags == null ? Map.of() : tags)) {
        items.putIfAbsent(ref, item);
      }
    });
    return items;
  }

  @Override
  RuntimeException readFailure(RuntimeException e) {
    return e;
  }
}
