package dev.lifeboat.hibernate;

import java.util.List;
import java.util.Optional;

/** The executor of each target type. A new type is one {@link TargetExecutor} added here. */
public final class TargetExecutors {
  private static final List<TargetExecutor> ALL = List.of(new WorkloadsExecutor(), new CronJobsExecutor(),
      new NodePoolsExecutor(), new PatchExecutor(), new Ec2Executor(), new RdsExecutor(), new EksNodegroupsExecutor());

  private TargetExecutors() {}

  public static Optional<TargetExecutor> forType(String type) {
    return ALL.stream().filter(e -> e.type().equals(type)).findFirst();
  }
}
