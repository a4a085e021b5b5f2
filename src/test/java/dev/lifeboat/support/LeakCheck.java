package dev.lifeboat.support;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lifeboat.api.Backup;
import dev.lifeboat.api.Repository;
import dev.lifeboat.api.Restore;
import dev.lifeboat.sandbox.Sandbox;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Secrets planted by an E2E test must appear nowhere but in Secrets: not in lifeboat's objects
 * (specs, status), Jobs, Pods, Leases, ConfigMaps, Events, pod logs, the controller's own log
 * records, or CLI output. Start one per test class before the controller logs anything.
 */
public final class LeakCheck implements AutoCloseable {
  private final StringBuilder controllerLog = new StringBuilder();
  private final Logger logger = Logger.getLogger("dev.lifeboat");
  /** The controller's loggers, held (loggers are weakly referenced) and opened up to every level. */
  private final List<Logger> controllerLoggers = List.of(Logger.getLogger("dev.lifeboat.engine"),
      Logger.getLogger("dev.lifeboat.sandbox"), Logger.getLogger("dev.lifeboat.jobs"));
  private final Handler handler = new Handler() {
    @Override
    public void publish(LogRecord record) {
      synchronized (controllerLog) {
        controllerLog.append(record.getLevel()).append(' ').append(record.getMessage()).append('\n');
        if (record.getThrown() != null) {
          controllerLog.append(record.getThrown()).append('\n');
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  public LeakCheck() {
    // Everything the controller could say, debug included (CLI runs in this JVM set dev.lifeboat's level).
    controllerLoggers.forEach(l -> l.setLevel(Level.ALL));
    logger.addHandler(handler);
  }

  /** Fails naming the place when any secret appears in anything lifeboat wrote or printed. */
  public void assertNoneContains(Sandbox sandbox, List<String> cliOutputs, String... secrets) throws Exception {
    KubernetesClient c = sandbox.client();
    StringBuilder everything = new StringBuilder();
    String[][] places = {
        {"CLI output", String.join("\n", cliOutputs)},
        {"Backups", Serialization.asYaml(c.resources(Backup.class).inAnyNamespace().list())},
        {"Repositories", Serialization.asYaml(c.resources(Repository.class).inAnyNamespace().list())},
        {"Restores", Serialization.asYaml(c.resources(Restore.class).inAnyNamespace().list())},
        {"HibernatePlans", Serialization.asYaml(c.resources(dev.lifeboat.api.HibernatePlan.class).inAnyNamespace().list())},
        {"Jobs", Serialization.asYaml(c.batch().v1().jobs().inAnyNamespace().list())},
        {"Pods", Serialization.asYaml(c.pods().inAnyNamespace().list())},
        {"Leases", Serialization.asYaml(c.leases().inAnyNamespace().list())},
        {"ConfigMaps", Serialization.asYaml(c.configMaps().inAnyNamespace().list())},
        {"Events", Serialization.asYaml(c.v1().events().inAnyNamespace().list())},
        {"pod logs", Trees.allText(sandbox.paths().logs())},
        {"controller log", controllerText()}};
    for (String[] place : places) {
      for (String secret : secrets) {
        assertFalse(place[1].contains(secret), "a planted secret leaked into the " + place[0]);
      }
      everything.append(place[1]);
    }
    assertTrue(everything.length() > 10_000, "the leak check must have read real output, read " + everything.length());
    assertTrue(controllerText().length() > 0, "the controller's log records were captured");
  }

  private String controllerText() {
    synchronized (controllerLog) {
      return controllerLog.toString();
    }
  }

  @Override
  public void close() {
    logger.removeHandler(handler);
    controllerLoggers.forEach(l -> l.setLevel(null));
  }
}
