package dev.dbrestore.io.mysql.binlog;

import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventHeaderV4;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.GtidEventData;
import com.github.shyiko.mysql.binlog.event.MariadbGtidEventData;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.RotateEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.ChangeLogReader.Change;
import dev.dbrestore.io.jdbc.ChangeLogReader.Listener;
import dev.dbrestore.io.jdbc.ChangeLogReader.Operation;
import dev.dbrestore.io.jdbc.ChangeLogReader.Position;
import dev.dbrestore.io.jdbc.ChangeLogReader.Transaction;
import java.io.IOException;
import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns binary log events into whole transactions. A transaction (an event group) begins with a
 * GTID event (MariaDB's, MySQL's or an anonymous one) or a BEGIN, and ends at its XID event, a
 * COMMIT or ROLLBACK, or - for a statement logged on its own, such as DDL - at that statement.
 * Nothing is delivered before its commit event, so a stop never splits a transaction.
 */
final class Transactions {
  private final Position until;
  private final Listener listener;
  private final Map<Integer, String> charsets;
  private final Map<Long, TableShape> tables = new HashMap<>();

  private String file;
  private boolean inGroup;
  private boolean explicitBegin;
  private String gtid;
  private long startOffset;
  private List<Change> changes = new ArrayList<>();
  private Position position;
  private boolean reachedUntil;

  Transactions(Position start, Position until, Listener listener, Map<Integer, String> charsets) {
    this.file = start.file();
    this.position = start;
    this.until = until;
    this.listener = listener;
    this.charsets = charsets;
    this.reachedUntil = until != null && start.compareTo(until) >= 0;
  }

  /** Whether the log has been read up to {@code until}, at a transaction boundary. */
  boolean reachedUntil() {
    return reachedUntil;
  }

  /** Where the last delivered transaction ended (or the start, before any). */
  Position position() {
    return position;
  }

  void onEvent(Event event) throws IOException {
    EventHeaderV4 header = event.getHeader();
    EventType type = header.getEventType();
    long offset = header.getPosition();
    long next = header.getNextPosition();
    switch (type) {
      case ROTATE -> {
        // Its header's next position is in the file it closes: no place in the new one.
        file = ((RotateEventData) event.getData()).getBinlogFilename();
        return;
      }
      case MARIADB_GTID -> {
        MariadbGtidEventData g = event.getData();
        begin(offset, g.getDomainId() + "-" + header.getServerId() + "-" + g.getSequence());
        explicitBegin = (g.getFlags() & MariadbGtidEventData.FL_STANDALONE) == 0;
      }
      case GTID -> {
        GtidEventData g = event.getData();
        begin(offset, g.getMySqlGtid().toString());
      }
      case ANONYMOUS_GTID -> begin(offset, null);
      case QUERY -> query(event.getData(), header, offset, next);
      case TABLE_MAP -> {
        TableMapEventData map = event.getData();
        tables.put(map.getTableId(), TableShape.of(map, charsets));
      }
      case WRITE_ROWS, EXT_WRITE_ROWS -> {
        WriteRowsEventData rows = event.getData();
        TableShape shape = shape(rows.getTableId());
        checkFull(rows.getIncludedColumns(), shape);
        for (Serializable[] row : rows.getRows()) {
          add(Operation.INSERT, shape, null, shape.values(row, name(shape)), offset);
        }
      }
      case UPDATE_ROWS, EXT_UPDATE_ROWS -> {
        UpdateRowsEventData rows = event.getData();
        TableShape shape = shape(rows.getTableId());
        checkFull(rows.getIncludedColumnsBeforeUpdate(), shape);
        checkFull(rows.getIncludedColumns(), shape);
        for (Map.Entry<Serializable[], Serializable[]> row : rows.getRows()) {
          add(
              Operation.UPDATE,
              shape,
              shape.values(row.getKey(), name(shape)),
              shape.values(row.getValue(), name(shape)),
              offset);
        }
      }
      case DELETE_ROWS, EXT_DELETE_ROWS -> {
        DeleteRowsEventData rows = event.getData();
        TableShape shape = shape(rows.getTableId());
        checkFull(rows.getIncludedColumns(), shape);
        for (Serializable[] row : rows.getRows()) {
          add(Operation.DELETE, shape, shape.values(row, name(shape)), null, offset);
        }
      }
      case XID -> commit(header, next);
      case TRANSACTION_PAYLOAD ->
          // The library decodes the events inside with its own row decoding, not this one's.
          throw new UserError(
              "The binary log holds a compressed transaction at " + new Position(file, offset)
                  + " (binlog_transaction_compression=ON), which capture cannot read exactly;"
                  + " run SET GLOBAL binlog_transaction_compression=OFF.");
      case XA_PREPARE ->
          throw new UserError(
              "The binary log holds an XA transaction at " + new Position(file, offset)
                  + "; capture does not keep XA transactions yet.");
      case PARTIAL_UPDATE_ROWS_EVENT ->
          throw new UserError(
              "The binary log holds partial JSON updates at " + new Position(file, offset)
                  + "; run SET GLOBAL binlog_row_value_options='' so every update is logged"
                  + " whole.");
      default -> {
        // FORMAT_DESCRIPTION, GTID lists, checkpoints, ANNOTATE_ROWS, heartbeats: no change.
      }
    }
    if (!inGroup && next > 0 && until != null
        && new Position(file, next).compareTo(until) >= 0) {
      reachedUntil = true;
    }
  }

  private void begin(long offset, String transactionGtid) {
    inGroup = true;
    explicitBegin = false;
    gtid = transactionGtid;
    startOffset = offset;
    changes = new ArrayList<>();
  }

  private void query(QueryEventData query, EventHeaderV4 header, long offset, long next)
      throws IOException {
    String sql = query.getSql().trim();
    String upper = sql.toUpperCase(Locale.ROOT);
    if (upper.equals("BEGIN") || upper.startsWith("XA START")) {
      if (!inGroup) {
        begin(offset, null);
      }
      explicitBegin = true;
      return;
    }
    if (upper.equals("COMMIT") || upper.equals("ROLLBACK")) {
      // ROLLBACK is logged only for changes to tables that cannot roll back: they happened.
      commit(header, next);
      return;
    }
    if (inGroup && explicitBegin) {
      if (upper.startsWith("SAVEPOINT")
          || upper.startsWith("ROLLBACK TO")
          || upper.startsWith("RELEASE SAVEPOINT")) {
        return;
      }
      changes.add(ddl(query, sql, offset));
      return;
    }
    if (!inGroup) {
      begin(offset, null);
    }
    changes.add(ddl(query, sql, offset));
    commit(header, next);
  }

  private static Change ddl(QueryEventData query, String sql, long offset) {
    String database = query.getDatabase() == null || query.getDatabase().isEmpty()
        ? null : query.getDatabase();
    return new Change(Operation.DDL, database, null, List.of(), List.of(), null, null, sql, offset);
  }

  private void add(Operation op, TableShape shape, Object[] before, Object[] after, long offset) {
    if (!inGroup) {
      throw new UserError(
          "The binary log has a row change outside a transaction at "
              + new Position(file, offset) + "; capture cannot tell where it begins.");
    }
    changes.add(
        new Change(
            op, shape.database, shape.table, shape.columns, shape.primaryKey, before, after, null,
            offset));
  }

  private void commit(EventHeaderV4 header, long next) throws IOException {
    if (!inGroup) {
      // A COMMIT with nothing open: only seen when reading began inside a group, never here.
      throw new UserError(
          "The binary log has a commit without a start at " + new Position(file, next)
              + "; capture must start at a transaction boundary.");
    }
    Transaction transaction =
        new Transaction(
            gtid, file, startOffset, next, Instant.ofEpochMilli(header.getTimestamp()),
            List.copyOf(changes));
    inGroup = false;
    explicitBegin = false;
    gtid = null;
    changes = new ArrayList<>();
    tables.clear();
    listener.committed(transaction);
    position = transaction.end();
  }

  private TableShape shape(long tableId) {
    TableShape shape = tables.get(tableId);
    if (shape == null) {
      throw new UserError(
          "The binary log has rows of table id " + tableId + " without its TABLE_MAP event;"
              + " capture must start at a transaction boundary.");
    }
    return shape;
  }

  private static void checkFull(BitSet included, TableShape shape) {
    if (included.cardinality() != shape.columns.size()) {
      throw new UserError(
          "A row image of " + name(shape) + " holds " + included.cardinality() + " of its "
              + shape.columns.size() + " columns: binlog_row_image was not FULL when it was"
              + " written. Set binlog_row_image=FULL, take a new full backup and capture from"
              + " it.");
    }
  }

  private static String name(TableShape shape) {
    return shape.database + "." + shape.table;
  }
}
