package dev.dbrestore.io.sqlserver;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ValueCodec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * SQL Server column values: the encoding each type is stored in, the expression that selects it
 * in that form, and the placeholder that turns the stored form back into the column's type.
 *
 * <p>Temporal, decimal and money values travel as text in an explicit CONVERT style, so neither
 * the session's language nor DATEFORMAT changes what is read or written; spatial and hierarchyid
 * values as their native serialization; rowversion and computed columns are never stored.
 */
public final class SqlServerValues implements ValueCodec {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;

  private static final Set<String> INTEGER_TYPES =
      Set.of("bit", "tinyint", "smallint", "int", "bigint");
  private static final Set<String> TEXT_TYPES =
      Set.of("char", "varchar", "text", "nchar", "nvarchar", "ntext", "xml", "sysname");
  private static final Set<String> BINARY_TYPES = Set.of("binary", "varbinary", "image");
  private static final Set<String> CLR_TYPES = Set.of("hierarchyid", "geography", "geometry");

  /** Text types SQL Server reads back through a conversion to their (n)varchar(max) form. */
  private static final Map<String, String> TEXT_CASTS =
      Map.of("text", "varchar(max)", "ntext", "nvarchar(max)", "xml", "nvarchar(max)");

  /** The types whose values the server makes: never stored, never written. */
  public static final Set<String> SERVER_MADE_TYPES = Set.of("rowversion", "timestamp");

  /** The type's name without its length, precision or scale, in lower case. */
  static String baseType(String type) {
    int paren = type.indexOf('(');
    return (paren < 0 ? type : type.substring(0, paren)).strip().toLowerCase(Locale.ROOT);
  }

  /** The encoding that keeps every value of a column of this type exactly. */
  public static ColumnEncoding encodingOf(String type) {
    String base = baseType(type);
    if (INTEGER_TYPES.contains(base)) {
      return ColumnEncoding.LONG;
    }
    if (base.equals("real")) {
      return ColumnEncoding.FLOAT;
    }
    if (base.equals("float")) {
      return ColumnEncoding.DOUBLE;
    }
    if (TEXT_TYPES.contains(base)) {
      return ColumnEncoding.TEXT;
    }
    if (BINARY_TYPES.contains(base) || CLR_TYPES.contains(base)
        || SERVER_MADE_TYPES.contains(base)) {
      return ColumnEncoding.BYTES;
    }
    return switch (base) {
      case "decimal", "numeric", "money", "smallmoney", "date", "time", "datetime",
          "datetime2", "smalldatetime", "datetimeoffset", "uniqueidentifier" ->
          ColumnEncoding.SERVER_TEXT;
      // A sql_variant's value is only exact with its base type, which no encoding keeps yet.
      case "sql_variant" -> throw new UserError(
          "This version cannot back up sql_variant columns exactly; the column's values would"
              + " lose their base type.");
      default -> throw new UserError(
          "This version does not know the SQL Server type " + type + ".");
    };
  }

  @Override
  public String selectExpression(Manifest.Column column) {
    String name = SQL.quote(column.name());
    String base = baseType(column.type());
    return switch (base) {
      case "date" -> "CONVERT(varchar(10), " + name + ", 23)";
      // CAST keeps the column's scale: hh:mi:ss.nnnnnnn (style 114 would put a colon before it).
      case "time" -> "CAST(" + name + " AS varchar(16))";
      case "datetime" -> "CONVERT(varchar(23), " + name + ", 121)";
      case "smalldatetime" -> "CONVERT(varchar(19), " + name + ", 120)";
      case "datetime2" -> "CONVERT(varchar(27), " + name + ", 121)";
      case "datetimeoffset" -> "CONVERT(varchar(34), " + name + ", 121)";
      case "decimal", "numeric" -> "CONVERT(varchar(48), " + name + ")";
      // Style 2: four decimal places and no thousands separators (style 0 keeps two).
      case "money", "smallmoney" -> "CONVERT(varchar(32), " + name + ", 2)";
      case "uniqueidentifier" -> "CONVERT(char(36), " + name + ")";
      case "image" -> "CAST(" + name + " AS varbinary(max))";
      case "hierarchyid", "geography", "geometry" -> "CAST(" + name + " AS varbinary(max))";
      default -> TEXT_CASTS.containsKey(base)
          ? "CAST(" + name + " AS " + TEXT_CASTS.get(base) + ")"
          : name;
    };
  }

  /**
   * The insert placeholder for a column: {@code ?} where the driver's value converts by itself,
   * else the conversion back from the stored form, in the style it was selected with.
   */
  public static String placeholder(Manifest.Column column) {
    String base = baseType(column.type());
    String type = column.type().strip();
    return switch (base) {
      case "date" -> "CONVERT(date, ?, 23)";
      case "time", "datetime2", "datetimeoffset" -> "CONVERT(" + type + ", ?, 121)";
      case "datetime" -> "CONVERT(datetime, ?, 121)";
      case "smalldatetime" -> "CONVERT(smalldatetime, ?, 120)";
      case "decimal", "numeric" -> "CAST(? AS " + type + ")";
      case "money", "smallmoney", "uniqueidentifier", "hierarchyid", "geography", "geometry",
          "xml" -> "CAST(? AS " + base + ")";
      default -> "?";
    };
  }

  @Override
  public Object readValue(ResultSet rows, int index, ColumnEncoding encoding)
      throws SQLException {
    Object value =
        switch (encoding) {
          case LONG -> rows.getLong(index);
          case FLOAT -> rows.getFloat(index);
          case DOUBLE -> rows.getDouble(index);
          // The driver decodes (n)varchar by the column's collation; kept as UTF-8 bytes.
          case TEXT, SERVER_TEXT -> {
            String text = rows.getString(index);
            yield text == null ? null : text.getBytes(StandardCharsets.UTF_8);
          }
          case BYTES -> rows.getBytes(index);
        };
    return rows.wasNull() ? null : value;
  }

  /** Nothing to set: every temporal value is selected in an explicit style, zone included. */
  @Override
  public void prepareReadSession(Connection connection) {}

  /** The driver streams with responseBuffering=adaptive (its default) at any fetch size. */
  @Override
  public void streamRows(PreparedStatement query) throws SQLException {
    query.setFetchSize(1000);
  }

  /**
   * A NULL typed as its column's stored form: the driver types an untyped NULL as nvarchar,
   * which SQL Server will not convert to varbinary.
   */
  @Override
  public int nullType(ColumnEncoding encoding) {
    return switch (encoding) {
      case LONG -> java.sql.Types.BIGINT;
      case FLOAT -> java.sql.Types.REAL;
      case DOUBLE -> java.sql.Types.DOUBLE;
      // setString sends nvarchar (sendStringParametersAsUnicode defaults to true).
      case TEXT, SERVER_TEXT -> java.sql.Types.NVARCHAR;
      case BYTES -> java.sql.Types.VARBINARY;
    };
  }

  /** Sent as a real, which the driver transmits as the float's own four bytes. */
  @Override
  public void bindFloat(PreparedStatement statement, int index, float value)
      throws SQLException {
    statement.setFloat(index, value);
  }
}
