package dev.lifeboat.manager;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * Whether an application a restore writes into answers at all: its name resolves and its port accepts a TCP
 * connection. Checked by the restore's check Job before any application is stopped, so a typo in a host name fails
 * in seconds instead of after the applications went down (and a tool's own retries, pg_restore's or br's, ran out).
 */
public final class Reachability {
  private Reachability() {}

  /** Why {@code hostPort} cannot be reached within {@code timeout}, or null when it accepts a connection. */
  public static String problem(String hostPort, Duration timeout) {
    int colon = hostPort.lastIndexOf(':');
    String host = colon > 0 ? hostPort.substring(0, colon) : hostPort;
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
      return hostPort + " is not host:port";
    }
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return "host " + host + " does not resolve (no such name in this namespace's DNS)";
    }
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), (int) timeout.toMillis());
      return null;
    } catch (ConnectException e) {
      return host + ":" + port + " refused the connection (is the server running, on that port?)";
    } catch (SocketTimeoutException e) {
      return "no answer from " + host + ":" + port + " within " + timeout.toSeconds() + "s";
    } catch (IOException e) {
      return host + ":" + port + ": " + e.getMessage();
    }
  }
}
