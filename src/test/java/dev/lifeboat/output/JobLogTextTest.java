package dev.lifeboat.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** restic's JSON lines and the manager's result line, as a person reads them; everything else as written. */
class JobLogTextTest {
  @Test
  void resticErrorsSummaryAndResultBecomeSentences() {
    String raw = String.join("\n",
        "{\"message_type\":\"status\",\"percent_done\":0,\"total_files\":1,\"total_bytes\":2}",
        "{\"message_type\":\"error\",\"error\":{\"Op\":\"open\",\"Path\":\"/data/b\",\"Err\":13},\"during\":\"archival\","
            + "\"item\":\"/data/b\"}",
        "{\"message_type\":\"summary\",\"files_new\":1,\"files_changed\":0,\"total_files_processed\":1,"
            + "\"total_bytes_processed\":2048,\"data_added\":1058,\"snapshot_id\":\"ea08116e\"}",
        "Warning: at least one source file could not be read",
        "result: {\"ok\":false,\"message\":\"restic could not read 1 file\"}",
        "");
    assertEquals(String.join("\n",
        "restic error during archival: /data/b: permission denied",
        "restic summary: 1 files (1 new, 0 changed), " + Ages.bytes(2048L) + " read, " + Ages.bytes(1058L)
            + " added, snapshot ea08116e",
        "Warning: at least one source file could not be read",
        "result: failed: restic could not read 1 file",
        ""), JobLogText.readable(raw));
  }

  @Test
  void plainTextAndBrokenJsonStayAsWritten() {
    assertEquals("Fatal: wrong password or no key found\n{not json", JobLogText.readable(
        "Fatal: wrong password or no key found\n{not json"));
    assertEquals("", JobLogText.readable(""));
  }
}
