package dev.lifeboat.manager.sources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import java.util.Arrays;

/**
 * The raft index of an OpenBao/Vault snapshot, read from the stream's first bytes: the snapshot is a
 * gzip'd tar archive whose first file is {@code meta.json} ({@code {"Index": ..., "Term": ...}}).
 * Anything else (another format, a cut head) gives no index, never an error: it is for describe only.
 */
final class RaftMeta {
  static final int HEAD_BYTES = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private RaftMeta() {}

  static Long index(byte[] head) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(head))) {
      byte[] header = in.readNBytes(512);
      if (header.length < 512 || !field(header, 0, 100).endsWith("meta.json")) {
        return null;
      }
      long size = Long.parseLong(field(header, 124, 12).trim(), 8);
      if (size <= 0 || size > HEAD_BYTES) {
        return null;
      }
      JsonNode meta = JSON.readTree(in.readNBytes((int) size));
      return meta.path("Index").isNumber() ? meta.path("Index").asLong() : null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String field(byte[] header, int offset, int length) {
    int end = offset;
    while (end < offset + length && header[end] != 0) {
      end++;
    }
    return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
  }

  /** Passes a stream through, keeping its first {@link #HEAD_BYTES} bytes. */
  static final class HeadCapture extends FilterInputStream {
    private final byte[] head = new byte[HEAD_BYTES];
    private int kept;

    HeadCapture(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0 && kept < head.length) {
        head[kept++] = (byte) b;
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0 && kept < head.length) {
        int copy = Math.min(n, head.length - kept);
        System.arraycopy(b, off, head, kept, copy);
        kept += copy;
      }
      return n;
    }

    byte[] head() {
      return Arrays.copyOf(head, kept);
    }
  }
}
