package dev.dbrestore.io.sqlserver;

import com.microsoft.sqlserver.jdbc.ISQLServerBulkData;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopy;
import com.microsoft.sqlserver.jdbc.SQLServerBulkCopyOptions;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.BulkLoader;
import dev.dbrestore.io.jdbc.ConnectionSettings;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.parquet.ChunkCursor;
import java.io.IOException;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQLServerBulkCopy of a chunk's rows, read from its Parquet file as they are sent, in the
 * caller's transaction: identity values and NULLs kept as stored, no timeout, a table lock only
 * while the table is still empty (a table the restore is filling), constraints not checked and
 * triggers not fired (the restore checks the constraints after the load).
 *
 * <p>It takes the columns whose values it can send as they are stored: integers, floats, text,
 * bytes, decimals and uniqueidentifiers. Temporal, money, xml and CLR values go by the batched
 * INSERT, whose placeholders convert them back in the style they were read with; so do the
 * ignore and overwrite policies, which a bulk copy cannot apply.
 */
public final class SqlServerBulkLoader implements BulkLoader {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final Set<String> BULK_TYPES = Set.of(
      "bit", "tinyint", "smallint", "int", "bigint", "real", "float", "char", "varchar", "text",
      "nchar", "nvarchar", "ntext", "binary", "varbinary", "image", "decimal", "numeric",
      "uniqueidentifier");

  private static final Pattern LENGTH = Pattern.compile("\\(\\s*(\\d+)\\s*(?:,\\s*(\\d+)\\s*)?\\)");

  private final ConnectionSettings connections;

  public SqlServerBulkLoader(ConnectionSettings connections) {
    this.connections = connections;
  }

  @Override
  public Map<String, String> properties() {
    return connections.writeProperties();
  }

  /** Nothing to arm: a bulk copy sends only the rows it is given, and reads no file. */
  @Override
  public void arm(Connection connection) {}

  /** SQL Server converts text to each column's collation itself, so the target's do not matter. */
  @Override
  public boolean canLoad(List<Manifest.Column> columns, Map<String, String> targetCharsets) {
    return !columns.isEmpty()
        && columns.stream().allMatch(c -> BULK_TYPES.contains(SqlServerValues.baseType(c.type())));
  }

  /** The bulk copy options of a load into a table, empty (new) or not. */
  static SQLServerBulkCopyOptions options(boolean emptyTable) throws SQLException {
    SqlServerLoadStatements.BulkCopySettings settings =
        SqlServerLoadStatements.bulkCopySettings(emptyTable);
    SQLServerBulkCopyOptions options = new SQLServerBulkCopyOptions();
    options.setKeepIdentity(settings.keepIdentity());
    options.setKeepNulls(settings.keepNulls());
    options.setTableLock(settings.tableLock());
    options.setBulkCopyTimeout(settings.timeoutSeconds());
    options.setCheckConstraints(settings.checkConstraints());
    options.setFireTriggers(settings.fireTriggers());
    // The caller's transaction holds the rows and the chunk's journal entry together.
    options.setUseInternalTransaction(false);
    return options;
  }

  @Override
  public long loadChunk(
      Connection connection, String database, String table, List<Manifest.Column> columns,
      DataConflictPolicy policy, ChunkCursor rows, long expectedRows)
      throws SQLException {
    if (policy != DataConflictPolicy.STOP || !canLoad(columns, Map.of())) {
      return -1;
    }
    String target = SQL.qualified(database, table);
    boolean empty = !SqlServerQueries.exists(connection, "SELECT TOP (1) 1 FROM " + target);
    ChunkRows data = new ChunkRows(rows, columns);
    try (SQLServerBulkCopy copy = new SQLServerBulkCopy(connection)) {
      copy.setBulkCopyOptions(options(empty));
      copy.setDestinationTableName(target);
      for (int i = 0; i < columns.size(); i++) {
        copy.addColumnMapping(i + 1, columns.get(i).name());
      }
      copy.writeToServer(data);
    }
    return data.sent == expectedRows ? data.sent : -1;
  }

  /**
   * The JDBC type a column's stored value is sent as, with its precision and scale: what the
   * driver converts from into the column's own type.
   */
  static int[] sourceType(Manifest.Column column) {
    String base = SqlServerValues.baseType(column.type());
    Matcher length = LENGTH.matcher(column.type());
    boolean sized = length.find();
    // No length ("max", text, image): the largest a value may be.
    int precision = sized ? Integer.parseInt(length.group(1)) : Integer.MAX_VALUE;
    int scale = sized && length.group(2) != null ? Integer.parseInt(length.group(2)) : 0;
    return switch (column.encoding()) {
      case LONG -> new int[] {Types.BIGINT, 19, 0};
      case FLOAT -> new int[] {Types.REAL, 24, 0};
      case DOUBLE -> new int[] {Types.DOUBLE, 53, 0};
      case TEXT -> new int[] {Types.NVARCHAR, precision, 0};
      case BYTES -> new int[] {Types.VARBINARY, precision, 0};
      case SERVER_TEXT -> base.equals("uniqueidentifier")
          ? new int[] {Types.CHAR, 36, 0}
          : new int[] {Types.DECIMAL, precision, scale};
    };
  }

  /** A chunk's rows as the bulk copy reads them, one at a time from the Parquet file. */
  static final class ChunkRows implements ISQLServerBulkData {
    private static final long serialVersionUID = 1L;

    private final transient ChunkCursor cursor;
    private final List<Manifest.Column> columns;
    private final ColumnEncoding[] encodings;
    private final boolean[] decimal;
    long sent;

    ChunkRows(ChunkCursor cursor, List<Manifest.Column> columns) {
      this.cursor = cursor;
      this.columns = columns;
      this.encodings = Manifest.Column.encodings(columns);
      this.decimal = new boolean[columns.size()];
      for (int i = 0; i < columns.size(); i++) {
        decimal[i] = sourceType(columns.get(i))[0] == Types.DECIMAL;
      }
    }

    @Override
    public Set<Integer> getColumnOrdinals() {
      Set<Integer> ordinals = new LinkedHashSet<>();
      for (int i = 1; i <= columns.size(); i++) {
        ordinals.add(i);
      }
      return ordinals;
    }

    @Override
    public String getColumnName(int column) {
      return columns.get(column - 1).name();
    }

    @Override
    public int getColumnType(int column) {
      return sourceType(columns.get(column - 1))[0];
    }

    @Override
    public int getPrecision(int column) {
      return sourceType(columns.get(column - 1))[1];
    }

    @Override
    public int getScale(int column) {
      return sourceType(columns.get(column - 1))[2];
    }

    @Override
    public boolean next() throws SQLException {
      try {
        boolean more = cursor.next();
        if (more) {
          sent++;
        }
        return more;
      } catch (IOException e) {
        throw new SQLException("Reading the chunk failed: " + e.getMessage(), e);
      }
    }

    @Override
    public Object[] getRowData() {
      Object[] row = new Object[encodings.length];
      for (int i = 0; i < row.length; i++) {
        if (cursor.isNull(i)) {
          continue;
        }
        row[i] = switch (encodings[i]) {
          case LONG -> cursor.getLong(i);
          case FLOAT -> cursor.getFloat(i);
          case DOUBLE -> cursor.getDouble(i);
          case TEXT -> cursor.getBinary(i).toStringUsingUTF8();
          case BYTES -> cursor.getBinary(i).getBytes();
          case SERVER_TEXT -> decimal[i]
              ? new BigDecimal(cursor.getBinary(i).toStringUsingUTF8())
              : cursor.getBinary(i).toStringUsingUTF8();
        };
      }
      return row;
    }
  }
}
