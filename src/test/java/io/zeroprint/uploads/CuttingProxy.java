package io.zeroprint.uploads;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback in front of the server that drops the connection carrying the client's
 * bytes when the client has sent a given total, once per given total: a flaky mobile link, cut in
 * the middle of whatever the client was sending.
 */
final class CuttingProxy implements AutoCloseable {
  private final ServerSocket listener;
  private final int target;
  private final long[] cutAt;
  private final AtomicLong sent = new AtomicLong();
  private final AtomicInteger cuts = new AtomicInteger();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  /** @param cutAt ascending totals of client bytes at which to cut */
  CuttingProxy(int target, long... cutAt) throws IOException {
    this.target = target;
    this.cutAt = cutAt;
    this.listener = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    Thread t = new Thread(this::accept, "cutting-proxy");
    t.setDaemon(true);
    t.start();
  }

  int port() {
    return listener.getLocalPort();
  }

  /** Connections cut so far. */
  int cuts() {
    return cuts.get();
  }

  private void accept() {
    while (!listener.isClosed()) {
      try {
        Socket client = listener.accept();
        Socket server = new Socket(InetAddress.getLoopbackAddress(), target);
        sockets.add(client);
        sockets.add(server);
        pump(client, server, true);
        pump(server, client, false);
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void pump(Socket from, Socket to, boolean upstream) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[8192];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) > 0) {
          if (upstream) {
            long before = sent.getAndAdd(n);
            int next = cuts.get();
            if (next < cutAt.length && cutAt[next] <= before + n && cuts.compareAndSet(next, next + 1)) {
              out.write(buf, 0, (int) Math.max(0, cutAt[next] - before));
              out.flush();
              from.close();
              to.close();
              return;
            }
          }
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // the other side closed, or a cut: the companion pump ends too
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, "cutting-proxy-pump");
    t.setDaemon(true);
    t.start();
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
    listener.close();
    sockets.forEach(CuttingProxy::closeQuietly);
  }
}
