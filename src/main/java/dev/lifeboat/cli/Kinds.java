package dev.lifeboat.cli;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.HibernatePlan;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.api.Schedule;
import io.fabric8.kubernetes.client.CustomResource;
import java.util.LinkedHashMap;
import java.util.Map;

/** The resource type names {@code get} accepts, with kubectl-style plurals and short names. */
public final class Kinds {
  private static final Map<String, Class<? extends CustomResource<?, ?>>> BY_NAME = new LinkedHashMap<>();

  static {
    register(Backup.class, "backups", "backup", "bk");
    register(Restore.class, "restores", "restore", "rs");
    register(Repository.class, "repositories", "repository", "repo", "repos");
    register(Schedule.class, "schedules", "schedule", "sched");
    register(HibernatePlan.class, "hibernateplans", "hibernateplan", "hp");
  }

  private Kinds() {}

  private static void register(Class<? extends CustomResource<?, ?>> kind, String... names) {
    for (String name : names) {
      BY_NAME.put(name, kind);
    }
  }

  public static Class<? extends CustomResource<?, ?>> find(String name) {
    Class<? extends CustomResource<?, ?>> kind = BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT));
    if (kind == null) {
      throw UserException.usage("unknown resource type \"" + name
          + "\": use one of backups, restores, repositories, schedules, hibernateplans");
    }
    return kind;
  }

  /** For completion candidates. */
  public static final class Names implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return java.util.List.of("backups", "restores", "repositories", "schedules", "hibernateplans").iterator();
    }
  }
}
