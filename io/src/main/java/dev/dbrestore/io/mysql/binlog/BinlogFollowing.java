package dev.dbrestore.io.mysql.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ChangeLogReader.Following;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import java.io.IOException;

/**
 * A binary log being read on a thread of its own. Events are handled one at a time under a lock,
 * so {@link #stop()} never lands inside a transaction's delivery; the first failure (of the
 * connection, of decoding an event, or of the listener) ends the reading and is rethrown by
 * {@link #await()}: an event is never skipped.
 */
final class BinlogFollowing implements Following {
  private final BinaryLogClient client;
  private final Transactions transactions;
  private final Position until;
  private final Thread thread;
  private final Object lock = new Object();
  private volatile boolean stopped;
  private volatile Throwable failure;

  BinlogFollowing(BinaryLogClient client, Transactions transactions, Position start, Position until) {
    this.client = client;
    this.transactions = transactions;
    this.until = until;
    client.registerEventListener(
        event -> {
          synchronized (lock) {
            if (stopped) {
              return;
            }
            try {
              transactions.onEvent(event);
              if (transactions.reachedUntil()) {
                stopped = true;
                disconnect();
              }
            } catch (Throwable e) {
              fail(e);
            }
          }
        });
    client.registerLifecycleListener(
        new BinaryLogClient.AbstractLifecycleListener() {
          @Override
          public void onConnect(BinaryLogClient c) {
            // A stop that came while connecting found no connection to close.
            if (stopped) {
              disconnect();
            }
          }

          @Override
          public void onCommunicationFailure(BinaryLogClient c, Exception e) {
            fail(e);
          }

          @Override
          public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
            // The library would go on with the next event; a skipped event is a lost change.
            fail(e);
          }
        });
    this.thread =
        new Thread(
            () -> {
              if (transactions.reachedUntil()) {
                return;
              }
              try {
                client.connect();
              } catch (Throwable e) {
                fail(e);
              }
            },
            "binlog-reader");
    thread.setDaemon(true);
    thread.start();
  }

  private void fail(Throwable e) {
    synchronized (lock) {
      // After a stop, the closed connection's own errors are expected.
      if (failure == null && !stopped) {
        failure = e;
      }
      stopped = true;
    }
    disconnect();
  }

  private void disconnect() {
    // Not on the reader's own thread while it holds the lock: the client waits for its loop.
    Thread t = new Thread(
        () -> {
          try {
            client.disconnect();
          } catch (IOException ignored) {
            // Closing a connection that is going away anyway.
          }
        },
        "binlog-disconnect");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void await() throws IOException, InterruptedException {
    thread.join();
    Throwable e = failure;
    if (e instanceof UserError user) {
      throw user;
    }
    if (e instanceof IOException io) {
      throw new IOException(
          "Reading the binary log after " + transactions.position() + " failed: " + io.getMessage(),
          io);
    }
    if (e instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (e != null) {
      throw new IOException("Reading the binary log failed: " + e, e);
    }
    if (!stopped) {
      throw new IOException(
          "The source closed the binary log connection after " + transactions.position()
              + (until == null ? "" : ", before " + until) + ".");
    }
  }

  @Override
  public void stop() {
    synchronized (lock) {
      stopped = true;
    }
    disconnect();
  }
}
