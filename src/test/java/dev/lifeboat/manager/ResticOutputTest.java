package dev.lifeboat.manager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines as restic 0.14 prints them with --json. */
class ResticOutputTest {
  @Test
  void statusLine() {
    var line = ResticOutput.parseBackupLine("{\"message_type\":\"status\",\"seconds_elapsed\":3,\"percent_done\":0.25,"
        + "\"total_files\":100,\"files_done\":25,\"total_bytes\":4000,\"bytes_done\":1000}");
    var status = assertInstanceOf(ResticOutput.Status.class, line);
    assertEquals(0.25, status.progress().percentDone);
    assertEquals(1000L, status.progress().bytesDone);
    assertEquals(4000L, status.progress().totalBytes);
    assertEquals(25L, status.progress().filesDone);
  }

  @Test
  void summaryLine() {
    var line = ResticOutput.parseBackupLine("{\"message_type\":\"summary\",\"files_new\":22,\"files_changed\":1,"
        + "\"files_unmodified\":3,\"dirs_new\":5,\"dirs_changed\":0,\"dirs_unmodified\":0,\"data_blobs\":22,"
        + "\"tree_blobs\":6,\"data_added\":216374,\"total_files_processed\":26,\"total_bytes_processed\":207360,"
        + "\"total_duration\":0.41,\"snapshot_id\":\"c25a6733\"}");
    var summary = assertInstanceOf(ResticOutput.Summary.class, line);
    assertEquals("c25a6733", summary.snapshotId());
    assertEquals(26L, summary.summary().totalFilesProcessed);
    assertEquals(216374L, summary.summary().dataAdded);
    assertEquals(0.41, summary.summary().durationSeconds);
  }

  @Test
  void otherLinesAreIgnored() {
    assertNull(ResticOutput.parseBackupLine("using parent snapshot 1234"));
    assertNull(ResticOutput.parseBackupLine("{\"message_type\":\"verbose_status\"}"));
    assertNull(ResticOutput.parseBackupLine("{not json"));
  }

  @Test
  void snapshotIds() throws Exception {
    assertEquals(List.of("aaa", "bbb"), ResticOutput.snapshotIds(
        "[{\"time\":\"2026-01-01T00:00:00Z\",\"id\":\"aaa\",\"short_id\":\"aaa\",\"tags\":null},{\"id\":\"bbb\"}]"));
    assertEquals(List.of(), ResticOutput.snapshotIds("[]"));
  }

  @Test
  void resticsFatalLineIsTheReason() {
    assertEquals("wrong password or no key found",
        Restic.summarize("reading config\nFatal: wrong password or no key found\n", "x"));
    assertEquals("fallback", Restic.summarize("", "fallback"));
  }

  @Test
  void unreadableItemsAreCountedOnceAndTheFirstNamed() {
    ResticOutput.UnreadableCollector collector = new ResticOutput.UnreadableCollector();
    collector.accept("{\"message_type\":\"error\",\"error\":{},\"during\":\"archival\",\"item\":\"pg\"}");
    collector.accept("{\"message_type\":\"error\",\"error\":{},\"during\":\"scan\",\"item\":\"/data/x/pg\"}");
    for (int i = 0; i < 7; i++) {
      collector.accept("{\"message_type\":\"error\",\"error\":{},\"during\":\"archival\",\"item\":\"f" + i + "\"}");
    }
    collector.accept("Warning: at least one source file could not be read");
    ResticOutput.Unreadable result = collector.result();
    assertEquals(8, result.count(), "the scan's report of the same folder does not count twice");
    assertEquals(List.of("pg", "f0", "f1", "f2", "f3"), result.first());
    assertEquals(ResticOutput.Unreadable.NONE, new ResticOutput.UnreadableCollector().result());
  }
}
