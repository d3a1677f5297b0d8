package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ChangeWriter;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import java.io.Serializable;

/**
 * Where and how a replay writes: the target (with its dialect), its change writer, the source's session
 * settings, the journal its batches are recorded in, retries after transient errors, and whether
 * the target's binary log gets the rows.
 */
public record ReplayTarget(
    Endpoint target,
    ChangeWriter writer,
    Manifest.Source source,
    Journal journal,
    int retries,
    long backoffMillis,
    boolean writeBinlog)
    implements Serializable {

  /** The target's dialect. */
  public Dialect dialect() {
    return target.dialect();
  }
}
