package dev.dbrestore.io.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.AtATime;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * SQL over a backup set's chunks without restoring it, run by DuckDB in memory: every table of
 * the set is a view {@code db.table} that reads the table's chunk files and casts each stored
 * column to its DuckDB type ({@link ColumnCasts}). One query per instance, read-only: only one
 * SELECT-like statement is accepted, and DuckDB may then open no file but the set's chunks.
 * The chunks of every table the query names are checked against the manifest (size, SHA-256,
 * columns) before it runs, as a restore checks them.
 */
public final class BackupSetQuery {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final java.util.regex.Pattern EXPLAIN =
      java.util.regex.Pattern.compile(
          "\\s*EXPLAIN(?:\\s+ANALYZE)?\\s+(.*)",
          java.util.regex.Pattern.CASE_INSENSITIVE | java.util.regex.Pattern.DOTALL);

  /** Schemas every DuckDB catalog has: a database of that name gets another view schema. */
  private static final Set<String> TAKEN_SCHEMAS = Set.of("information_schema", "pg_catalog");

  /** Catalogs DuckDB has beside the in-memory one: {@code system.t} would mean that catalog. */
  private static final Set<String> CATALOG_NAMES = Set.of("system", "temp", "memory");

  /** Table functions that read no file; any other one may read chunks by name or path. */
  private static final Set<String> FILELESS_TABLE_FUNCTIONS =
      Set.of("range", "generate_series", "unnest");

  private final BackupSet set;
  private final Consumer<String> notices;
  private final byte[] signingKey;

  private BackupSetQuery(BackupSet set, Consumer<String> notices, byte[] signingKey) {
    this.set = set;
    this.notices = notices;
    this.signingKey = signingKey;
  }

  /** A query over the backup set; notices (below) are dropped unless {@link #withNotices}. */
  public static BackupSetQuery over(BackupSet set) {
    return new BackupSetQuery(set, notice -> {}, null);
  }

  /**
   * Where the sentences go that say how a table reads where DuckDB has no exact equivalent, or
   * under which name a table is queried when its own would clash, or that a signed set's
   * signature was not checked.
   */
  public BackupSetQuery withNotices(Consumer<String> notices) {
    return new BackupSetQuery(set, notices, signingKey);
  }

  /**
   * The key the set must be signed with, checked before the query runs; without one a signed set
   * is read with a notice. The caller keeps the key and clears it after the run.
   */
  public BackupSetQuery withSigningKey(byte[] key) {
    return new BackupSetQuery(set, notices, key);
  }

  /** One table of the set as a view: its database and name, and where the view is. */
  public record TableView(Manifest.Database database, Manifest.Table table, String schema,
      String view) {
    /** The view's name as a query writes it, quoted only where DuckDB needs quotes. */
    public String queryName() {
      return (CATALOG_NAMES.contains(schema.toLowerCase(Locale.ROOT)) ? "memory." : "")
          + plainOrQuoted(schema) + "." + plainOrQuoted(view);
    }
  }

  /** The view of every table, in manifest order, with names that DuckDB tells apart. */
  public List<TableView> views() {
    List<TableView> views = new ArrayList<>();
    Set<String> schemas = new HashSet<>(TAKEN_SCHEMAS);
    for (Manifest.Database db : set.manifest().databases()) {
      String schema = unused(db.name(), schemas);
      Set<String> names = new HashSet<>();
      for (Manifest.Table table : db.tables()) {
        views.add(new TableView(db, table, schema, unused(table.name(), names)));
      }
    }
    return views;
  }

  /**
   * Runs one query and hands its result to {@code rows}. Refused with one sentence, before
   * DuckDB runs it: a set not on local disk, a damaged chunk of a table the query names, a
   * statement that is not one query; after: DuckDB's own message (an unknown table, bad SQL).
   */
  public void run(String sql, QueryRows rows) {
    if (signingKey != null) {
      set.checkSignature(signingKey);
    } else if (set.isSigned()) {
      notices.accept("the backup set is signed, but no signing key was given: its signature was"
          + " not checked.");
    }
    Path folder = localFolder();
    set.checkChunksPresent();
    List<TableView> views = views();
    Path spill;
    try {
      spill = Files.createTempDirectory("dbrestore-query-");
    } catch (IOException e) {
      throw new UserError("Cannot make a temporary folder for DuckDB: " + e.getMessage() + ".", e);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:")) {
      execute(duck, "SET TimeZone = 'UTC'");
      execute(duck, "SET autoinstall_known_extensions = false");
      execute(duck, "SET autoload_known_extensions = false");
      execute(duck, "SET temp_directory = " + DuckDbSql.text(spill.toString()));
      JsonNode parsed = parse(duck, sql);
      List<TableView> touched = touched(parsed, views);
      announceNames(touched);
      verify(touched);
      Set<TableView> checked = new HashSet<>(touched);
      String catalog = single(duck, "SELECT current_database()");
      List<String> files = new ArrayList<>();
      Set<String> created = new HashSet<>();
      for (TableView view : views) {
        if (created.add(view.schema())) {
          execute(duck, "CREATE SCHEMA IF NOT EXISTS " + DuckDbSql.name(catalog) + "."
              + DuckDbSql.name(view.schema()));
        }
        List<String> paths =
            view.table().chunks().stream()
                .map(chunk -> folder.resolve(chunk.file()).toString())
                .toList();
        try {
          execute(duck, createView(catalog, view, paths));
          files.addAll(paths);
        } catch (SQLException e) {
          if (checked.contains(view)) {
            throw new UserError("DuckDB cannot read the table " + label(view) + " of the backup"
                + " set at " + set.location() + ": " + firstLine(e) + ".", e);
          }
          // Not named by the query: its footer is unreadable, and the check says why.
          String why = whyUnreadable(view);
          notices.accept("The table " + label(view) + " is left out: " + why);
        }
      }
      lockDown(duck, files, spill);
      try (Statement statement = duck.createStatement();
          ResultSet result = statement.executeQuery(sql)) {
        deliver(result, rows);
      } catch (SQLException e) {
        throw refusal(e);
      }
    } catch (SQLException e) {
      throw new UserError("DuckDB failed while preparing the query: " + firstLine(e) + ".", e);
    } finally {
      deleteQuietly(spill);
    }
  }

  /** DuckDB reads local files only; a folder name holding glob characters would be a pattern. */
  private Path localFolder() {
    String location = set.location();
    if (location.contains("://") && !location.startsWith("file://")) {
      throw new UserError("The backup set at " + location + " is not on local disk, and dbrestore"
          + " query reads local folders only; copy the set to a local folder first.");
    }
    Path folder =
        Path.of(location.startsWith("file://") ? location.substring(7) : location)
            .toAbsolutePath()
            .normalize();
    if (folder.toString().matches(".*[*?\\[\\]{}].*")) {
      throw new UserError("The folder " + folder + " of the backup set holds one of * ? [ ] { },"
          + " which DuckDB reads as a file pattern; rename or link the folder without them.");
    }
    return folder;
  }

  private void announceNames(List<TableView> views) {
    Set<String> told = new HashSet<>();
    for (TableView view : views) {
      if (!view.schema().equals(view.database().name()) && told.add(view.schema())) {
        notices.accept("The database " + view.database().name() + " is queried as "
            + plainOrQuoted(view.schema()) + ", since DuckDB does not tell its name apart from"
            + " another one ignoring case, or keeps it for itself.");
      } else if (CATALOG_NAMES.contains(view.schema().toLowerCase(Locale.ROOT))
          && told.add(view.schema())) {
        notices.accept("The database " + view.database().name() + " is queried as memory."
            + plainOrQuoted(view.schema()) + ".<table>, since DuckDB has a catalog of that name.");
      }
      if (!view.view().equals(view.table().name())) {
        notices.accept("The table " + view.database().name() + "." + view.table().name()
            + " is queried as " + view.queryName() + ", since DuckDB does not tell its name apart"
            + " from another one ignoring case.");
      }
      for (Manifest.Column column : view.table().storedColumns()) {
        String note = ColumnCasts.of(column, "c").note();
        if (note != null) {
          notices.accept("The column " + column.name() + " of " + view.queryName() + " reads as "
              + ColumnCasts.of(column, "c").type() + ": " + note + ".");
        }
      }
    }
  }

  /**
   * The query as DuckDB's parser reads it, refused unless it is one SELECT-like statement: DuckDB
   * serializes nothing else, so COPY, ATTACH, SET, INSTALL and every write never run.
   */
  private static JsonNode parse(Connection duck, String sql) throws SQLException {
    // EXPLAIN [ANALYZE] of a query is read-only too; DuckDB serializes only the query.
    java.util.regex.Matcher explain = EXPLAIN.matcher(sql);
    if (explain.matches()) {
      sql = explain.group(1);
    }
    JsonNode tree;
    try (PreparedStatement serialize =
        duck.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)")) {
      serialize.setString(1, sql);
      try (ResultSet r = serialize.executeQuery()) {
        r.next();
        tree = JSON.readTree(r.getString(1));
      }
    } catch (IOException e) {
      throw new IllegalStateException("DuckDB's parse tree is not JSON", e);
    }
    if (tree.path("error").asBoolean(false)) {
      String type = tree.path("error_type").asText();
      String message = tree.path("error_message").asText();
      if (type.equals("parser")) {
        throw new UserError("DuckDB cannot parse the query: " + message + ".");
      }
      throw new UserError("dbrestore query runs one read-only query (SELECT, WITH, FROM,"
          + " VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of one), and DuckDB reads this one as"
          + " another kind of statement; nothing was run.");
    }
    int statements = tree.path("statements").size();
    if (statements != 1) {
      throw new UserError("Give one query, not " + statements + "; nothing was run.");
    }
    return tree;
  }

  /**
   * The tables a query reads, and the notes of which are printed: each it names, ignoring case
   * (a name without its database matches that table in every database), or all of them when
   * it calls a table function that could read a chunk by name or path (query_table,
   * read_parquet, ...).
   */
  private static List<TableView> touched(JsonNode parsed, List<TableView> views) {
    List<String[]> names = new ArrayList<>();
    boolean all = walk(parsed, names);
    if (all) {
      return views;
    }
    Set<TableView> touched = new LinkedHashSet<>();
    for (String[] name : names) {
      for (TableView view : views) {
        // A table's own name counts too: where it was renamed, its note says under what.
        boolean table = view.view().equalsIgnoreCase(name[1])
            || view.table().name().equalsIgnoreCase(name[1]);
        boolean schema = name[0].isEmpty() || view.schema().equalsIgnoreCase(name[0])
            || view.database().name().equalsIgnoreCase(name[0]);
        if (table && schema) {
          touched.add(view);
        }
      }
    }
    return new ArrayList<>(touched);
  }

  /** Collects {schema, table} of every table reference; true when a table function may read. */
  private static boolean walk(JsonNode node, List<String[]> names) {
    boolean all = false;
    if (node.isObject()) {
      String type = node.path("type").asText();
      if (type.equals("BASE_TABLE") && node.has("table_name")) {
        names.add(
            new String[] {node.path("schema_name").asText(), node.path("table_name").asText()});
      }
      if (type.equals("TABLE_FUNCTION")) {
        String function = node.path("function").path("function_name").asText();
        all |= !FILELESS_TABLE_FUNCTIONS.contains(function.toLowerCase(Locale.ROOT))
            && !function.toLowerCase(Locale.ROOT).startsWith("duckdb_");
      }
    }
    for (JsonNode child : node) {
      all |= walk(child, names);
    }
    return all;
  }

  /** The restore's checks of each chunk: SHA-256, Parquet footer, columns; two at a time. */
  private void verify(List<TableView> tables) {
    List<Callable<Void>> checks = new ArrayList<>();
    for (TableView view : tables) {
      for (Manifest.Chunk chunk : view.table().chunks()) {
        checks.add(() -> {
          ChunkFiles.verify(
              BackupSet.file(set.location(), chunk.file()), chunk, view.table().storedColumns());
          return null;
        });
      }
    }
    if (!checks.isEmpty()) {
      AtATime.two(checks, "Checking the chunks");
    }
  }

  private String whyUnreadable(TableView view) {
    try {
      verify(List.of(view));
      return "DuckDB cannot read its chunks.";
    } catch (UserError damaged) {
      return damaged.getMessage();
    }
  }

  /**
   * The view: the chunks read by position (the manifest's stored-column order, which the check
   * holds every chunk to), each column cast and named as the table names it.
   */
  private static String createView(String catalog, TableView view, List<String> paths) {
    List<Manifest.Column> columns = view.table().storedColumns();
    StringJoiner files = new StringJoiner(", ", "[", "]");
    paths.forEach(path -> files.add(DuckDbSql.text(path)));
    StringJoiner fields = new StringJoiner(", ", "(", ")");
    StringJoiner select = new StringJoiner(", ");
    for (int i = 0; i < columns.size(); i++) {
      String field = "c" + i;
      fields.add(field);
      ColumnCasts.Cast cast = ColumnCasts.of(columns.get(i), field);
      select.add(cast.expression() + " AS " + DuckDbSql.name(columns.get(i).name()));
    }
    return "CREATE VIEW " + DuckDbSql.name(catalog) + "." + DuckDbSql.name(view.schema()) + "."
        + DuckDbSql.name(view.view()) + " AS SELECT "
        + (columns.isEmpty() ? "NULL AS no_columns" : select.toString())
        + " FROM read_parquet(" + files + ", binary_as_string = false) AS chunk"
        + (columns.isEmpty() ? "" : fields.toString());
  }

  /**
   * From here on DuckDB may open only the chunk files (and spill to its own temporary folder),
   * and no query can change that.
   */
  private static void lockDown(Connection duck, List<String> files, Path spill)
      throws SQLException {
    StringJoiner allowed = new StringJoiner(", ", "[", "]");
    files.forEach(file -> allowed.add(DuckDbSql.text(file)));
    execute(duck, "SET allowed_paths = " + allowed);
    execute(duck, "SET allowed_directories = [" + DuckDbSql.text(spill + "/") + "]");
    execute(duck, "SET enable_external_access = false");
    execute(duck, "SET lock_configuration = true");
  }

  private static void deliver(ResultSet result, QueryRows rows) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    int count = meta.getColumnCount();
    List<QueryRows.Column> columns = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      columns.add(new QueryRows.Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
    }
    rows.columns(columns);
    while (result.next()) {
      List<Object> values = new ArrayList<>(count);
      for (int i = 1; i <= count; i++) {
        values.add(value(result, i, columns.get(i - 1).type()));
      }
      rows.row(values);
    }
    rows.end();
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  /** A value as {@link QueryRows} says; temporal values as DuckDB prints them, in UTC. */
  private static Object value(ResultSet result, int i, String type) throws SQLException {
    if (type.equals("TIMESTAMP") || type.startsWith("TIMESTAMP_")) {
      LocalDateTime time = result.getObject(i, LocalDateTime.class);
      return time == null ? null : timestamp(time);
    }
    if (type.equals("TIMESTAMP WITH TIME ZONE")) {
      OffsetDateTime time = result.getObject(i, OffsetDateTime.class);
      return time == null
          ? null
          : timestamp(time.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime()) + "+00";
    }
    Object value = result.getObject(i);
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    return result.getString(i);
  }

  /** {@code 2024-01-02 03:04:05.5}: DuckDB's form, fraction without trailing zeros. */
  private static String timestamp(LocalDateTime time) {
    String text = time.format(SECONDS);
    int nanos = time.getNano();
    if (nanos == 0) {
      return text;
    }
    String fraction = String.format(Locale.ROOT, "%09d", nanos).replaceAll("0+$", "");
    return text + "." + fraction;
  }

  /** DuckDB's failure as one sentence: its message's first line, an unknown table named. */
  private UserError refusal(SQLException e) {
    String message = firstLine(e);
    if (message.startsWith("Catalog Error: Table with name")
        || message.startsWith("Catalog Error: Table Function with name")
        || message.contains("does not exist because schema")) {
      return new UserError("The backup set at " + set.location() + " has no such table ("
          + message + "); `dbrestore backups show` lists its tables.", e);
    }
    return new UserError("DuckDB refused the query: " + message, e);
  }

  private static String firstLine(SQLException e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    return message.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }

  private static void execute(Connection duck, String sql) throws SQLException {
    try (Statement statement = duck.createStatement()) {
      statement.execute(sql);
    }
  }

  private static String single(Connection duck, String sql) throws SQLException {
    try (Statement statement = duck.createStatement();
        ResultSet r = statement.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  /** A name no earlier one equals ignoring case: the name, or the name with #2, #3, ... */
  private static String unused(String name, Set<String> used) {
    String candidate = name;
    for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) {
      candidate = name + "#" + n;
    }
    return candidate;
  }

  private static String label(TableView view) {
    return view.database().name() + "." + view.table().name();
  }

  private static String plainOrQuoted(String name) {
    return name.matches("[a-z_][a-z0-9_]*") ? name : DuckDbSql.name(name);
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // A leftover empty temporary folder is harmless.
    }
  }
}
