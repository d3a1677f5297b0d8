package dev.dbrestore.io.jdbc;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Faults the fault-injection tests ask for through system properties; nothing happens unless a
 * property is set. {@code dbrestore.fault.failAfterCommit=N}: the N-th chunk commit in this JVM
 * throws right after it, as a worker dying before its bundle ends would, and no chunk starts
 * after it until the data pipeline's next attempt ({@link #newAttempt});
 * {@code dbrestore.fault.failReplayStatement=N}: the N-th structure statement a replay runs in
 * this JVM fails as the server would refuse it; {@code dbrestore.fault.failAfterReplayStatement=N}:
 * the N-th runs, then fails before its journal entry; {@code dbrestore.fault.slowCommitMillis=N}:
 * every chunk commit takes N milliseconds longer, as on a slow target (for tests that watch a
 * restore while it runs); {@code dbrestore.fault.failInBatch=N}: the N-th chunk written in a
 * batch of small chunks in this JVM fails after its rows, before the batch's journal entries and
 * commit, as the server would refuse a statement (the batch is rolled back, the task fails).
 */
public final class FaultInjection {
  private static final AtomicInteger COMMITS = new AtomicInteger();
  private static final AtomicInteger STATEMENTS = new AtomicInteger();
  private static final AtomicInteger AFTER_STATEMENTS = new AtomicInteger();
  private static final AtomicInteger IN_BATCH = new AtomicInteger();
  private static final AtomicReference<String> FIRED = new AtomicReference<>();

  private FaultInjection() {}

  /** Counts commits from zero again, for a test that sets the property in its own JVM. */
  public static void reset() {
    COMMITS.set(0);
    STATEMENTS.set(0);
    AFTER_STATEMENTS.set(0);
    IN_BATCH.set(0);
    FIRED.set(null);
  }

  /** The data pipeline starts another attempt: chunks may start again after an earlier fault. */
  public static void newAttempt() {
    FIRED.set(null);
  }

  /** Before a chunk (or a batch of chunks) starts: refused once the commit fault has fired. */
  static void beforeChunk(String chunkFile) {
    String fired = FIRED.get();
    if (fired != null) {
      throw new InjectedFault(
          "Injected fault after committing chunk " + fired + " (chunk " + chunkFile
              + " not started)");
    }
  }

  /** Before a replay runs a structure statement of the log. */
  public static void beforeReplayStatement(String statement) throws java.sql.SQLException {
    String setting = System.getProperty("dbrestore.fault.failReplayStatement");
    if (setting != null && STATEMENTS.incrementAndGet() == Integer.parseInt(setting)) {
      throw new java.sql.SQLException("Injected fault before the statement " + statement, "HY000");
    }
  }

  /**
   * After a structure statement of a replay ran, before its journal entry: with
   * {@code dbrestore.fault.failAfterReplayStatement=N}, the N-th fails here, as a replay
   * stopped between the server's commit of the statement and the entry would.
   */
  public static void afterReplayStatement(String statement) throws java.sql.SQLException {
    String setting = System.getProperty("dbrestore.fault.failAfterReplayStatement");
    if (setting != null && AFTER_STATEMENTS.incrementAndGet() == Integer.parseInt(setting)) {
      throw new java.sql.SQLException("Injected fault after the statement " + statement, "HY000");
    }
  }

  /** After a chunk's rows in a batch, before the batch's journal entries and commit. */
  static void inBatch(String chunkFile) throws java.sql.SQLException {
    String setting = System.getProperty("dbrestore.fault.failInBatch");
    if (setting != null && IN_BATCH.incrementAndGet() == Integer.parseInt(setting)) {
      throw new java.sql.SQLException(
          "Injected fault in a batch after the rows of chunk " + chunkFile, "HY000");
    }
  }

  static void afterChunkCommit(String chunkFile) {
    String slow = System.getProperty("dbrestore.fault.slowCommitMillis");
    if (slow != null) {
      try {
        Thread.sleep(Long.parseLong(slow));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    String setting = System.getProperty("dbrestore.fault.failAfterCommit");
    if (setting != null && COMMITS.incrementAndGet() == Integer.parseInt(setting)) {
      FIRED.set(chunkFile);
      throw new InjectedFault("Injected fault after committing chunk " + chunkFile);
    }
  }

  /** The failure a test injected. */
  public static final class InjectedFault extends RuntimeException {
    private static final long serialVersionUID = 1L;

    InjectedFault(String message) {
      super(message);
    }
  }
}
