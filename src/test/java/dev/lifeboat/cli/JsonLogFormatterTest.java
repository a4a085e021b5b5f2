package dev.lifeboat.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

/** --log-format json: every record one line of valid JSON, whatever its message holds. */
class JsonLogFormatterTest {
  @Test
  void aRecordIsOneLineOfJsonWithItsFields() throws Exception {
    LogRecord record = new LogRecord(Level.WARNING, "reconcile of {0} failed: \"quoted\"\nsecond line");
    record.setParameters(new Object[] {"Backup/prod/nightly"});
    record.setLoggerName("dev.lifeboat.engine.WatchController");
    record.setThrown(new IllegalStateException("boom"));
    String line = new JsonLogFormatter().format(record);
    assertEquals(1, line.strip().lines().count(), "one line: " + line);
    JsonNode json = new ObjectMapper().readTree(line);
    assertEquals("WARNING", json.get("level").asText());
    assertEquals("dev.lifeboat.engine.WatchController", json.get("logger").asText());
    assertEquals("reconcile of Backup/prod/nightly failed: \"quoted\"\nsecond line", json.get("msg").asText());
    assertTrue(json.get("error").asText().startsWith("java.lang.IllegalStateException: boom"));
    assertTrue(json.get("time").asText().matches("\\d{4}-\\d{2}-\\d{2}T.*Z"));
  }
}
