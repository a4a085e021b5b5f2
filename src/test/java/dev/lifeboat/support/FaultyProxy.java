package dev.lifeboat.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of the sandbox API that misbehaves like a bad network and a busy API
 * server: a share of requests is answered with 500 (or 409 for writes) without reaching the
 * server, and every connection, watches included, is cut after 1–8 seconds. Seeded, so a failing
 * run can be repeated.
 */
public final class FaultyProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int upstreamPort;
  private final double faultShare;
  private final Random random;
  private final ScheduledExecutorService cutter = Executors.newScheduledThreadPool(2, r -> {
    Thread t = new Thread(r, "faulty-proxy-cutter");
    t.setDaemon(true);
    return t;
  });
  public final AtomicInteger faults = new AtomicInteger();
  public final AtomicInteger cuts = new AtomicInteger();
  private final AtomicInteger failFirst = new AtomicInteger();
  private volatile int forcedCode;
  private volatile boolean open = true;

  public FaultyProxy(int upstreamPort, double faultShare, long seed) throws IOException {
    this.upstreamPort = upstreamPort;
    this.faultShare = faultShare;
    this.random = new Random(seed);
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor = new Thread(this::acceptLoop, "faulty-proxy");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  private void acceptLoop() {
    while (open) {
      try {
        Socket client = listener.accept();
        Thread t = new Thread(() -> serve(client), "faulty-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /**
   * One client connection: each request on it (HTTP/1.1, no pipelining: a client sends the next
   * request after the previous answer) is either forwarded or answered with an injected error, after
   * which the connection is closed. The connection itself is cut after 1–8 s, watches included.
   */
  private void serve(Socket client) {
    Socket server = null;
    try {
      InputStream in = client.getInputStream();
      byte[] head = readHead(in);
      if (head == null || decideFault()) {
        if (head != null) {
          answerWithError(client, new String(head, StandardCharsets.ISO_8859_1));
        }
        closeQuietly(client);
        return;
      }
      server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
      Socket upstream = server;
      long cutAfterMillis;
      synchronized (random) {
        cutAfterMillis = 1000 + random.nextInt(7000);
      }
      cutter.schedule(() -> {
        cuts.incrementAndGet();
        closeQuietly(client);
        closeQuietly(upstream);
      }, cutAfterMillis, TimeUnit.MILLISECONDS);
      Thread down = new Thread(() -> pump(upstream, client), "faulty-proxy-down");
      down.setDaemon(true);
      down.start();
      OutputStream out = server.getOutputStream();
      while (head != null) {
        out.write(head);
        copyBody(in, out, contentLength(head));
        out.flush();
        head = readHead(in);
        if (head != null && decideFault()) {
          answerWithError(client, new String(head, StandardCharsets.ISO_8859_1));
          break;
        }
      }
    } catch (IOException e) {
      // cut or closed
    } finally {
      closeQuietly(client);
      if (server != null) {
        closeQuietly(server);
      }
    }
  }

  /** The first {@code n} requests all get an injected error: faults from the very first request on. */
  public FaultyProxy failFirst(int n) {
    failFirst.set(n);
    return this;
  }

  /** Every injected error is this status (403: the API refuses who we are) instead of 500 or 409. */
  public FaultyProxy answering(int code) {
    forcedCode = code;
    return this;
  }

  private boolean decideFault() {
    if (failFirst.getAndDecrement() > 0) {
      return true;
    }
    synchronized (random) {
      return random.nextDouble() < faultShare;
    }
  }

  private static long contentLength(byte[] head) {
    for (String line : new String(head, StandardCharsets.ISO_8859_1).split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
        return Long.parseLong(line.substring(colon + 1).trim());
      }
    }
    return 0;
  }

  private static void copyBody(InputStream in, OutputStream out, long length) throws IOException {
    byte[] buffer = new byte[8192];
    long left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("client closed mid-body");
      }
      out.write(buffer, 0, n);
      left -= n;
    }
  }

  private void answerWithError(Socket client, String head) throws IOException {
    faults.incrementAndGet();
    String method = head.substring(0, Math.max(0, head.indexOf(' ')));
    boolean write = !method.equals("GET");
    int code = forcedCode != 0 ? forcedCode : write && faults.get() % 2 == 0 ? 409 : 500;
    String reason = switch (code) {
      case 409 -> "Conflict";
      case 403 -> "Forbidden";
      default -> "Internal Server Error";
    };
    String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected fault\",\"reason\":\""
        + reason.replace(" ", "") + "\",\"code\":" + code + "}";
    String response = "HTTP/1.1 " + code + " " + reason + "\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\nConnection: close\r\n\r\n" + body;
    OutputStream out = client.getOutputStream();
    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** The request line and headers, up to the blank line (the body, if any, is forwarded by the pump). */
  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        return null;
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toByteArray();
  }

  private static void pump(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buffer)) >= 0) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // cut or closed
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    open = false;
    listener.close();
    cutter.shutdownNow();
  }
}
