package dev.lifeboat.lifecycle;

import java.time.Duration;
import java.util.List;

/**
 * What a lifecycle decided: the status the resource should have (written only when it differs
 * from the stored one), the actions to perform first, and when to look again without an event.
 */
public record Decision<S>(S status, List<Action> actions, Duration requeueAfter) {
  public Decision {
    actions = List.copyOf(actions);
  }

  public static <S> Decision<S> of(S status, List<Action> actions) {
    return new Decision<>(status, actions, null);
  }

  public Decision<S> requeueAfter(Duration after) {
    return new Decision<>(status, actions, after);
  }
}
