package dev.dbrestore.transforms.replay;

import dev.dbrestore.io.jdbc.ChangeLogReader;
import java.io.Serializable;

/**
 * The stretch of the log one replay phase applies: changes that start at or after
 * {@code from} in the source's log (the full set's consistent point), and whose place (transaction
 * number, change in it) is after {@code after} and at most {@code upTo}.
 */
public record LogRange(
    ChangeLogReader.Position from,
    long afterTransaction,
    int afterIndex,
    long upToTransaction,
    int upToIndex)
    implements Serializable {

  /** Whether a change at this place of a transaction starting at {@code start} is in range. */
  public boolean contains(ChangeLogReader.Position start, long transaction, int index) {
    return start.compareTo(from) >= 0 && contains(transaction, index);
  }

  /** Whether a change here is in range, its transaction known to start at or after from. */
  public boolean contains(long transaction, int index) {
    boolean isAfter =
        transaction != afterTransaction ? transaction > afterTransaction : index > afterIndex;
    boolean atMost =
        transaction != upToTransaction ? transaction < upToTransaction : index <= upToIndex;
    return isAfter && atMost;
  }
}
