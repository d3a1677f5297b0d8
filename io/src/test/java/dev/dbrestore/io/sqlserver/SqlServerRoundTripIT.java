package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.DataConflictPolicy;
import dev.dbrestore.io.jdbc.StatementCheck;
import dev.dbrestore.io.parquet.ChunkReader;
import dev.dbrestore.io.parquet.ChunkWriter;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Check;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Column;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.ForeignKey;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Identity;
import dev.dbrestore.io.sqlserver.SqlServerTableDefinition.Key;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL Server roles against a real server: every type selected, stored in a Parquet chunk and
 * written back equal, computed and rowversion columns left to the server, the conflict policies'
 * MERGE, a load with constraints unchecked and triggers off that ends with trusted constraints
 * (through the data stage's role methods, run twice as a resume runs them), foreign keys added
 * after every table, a sequence restored where the source's would go on, a view's recorded
 * references, and hostile definitions refused before anything runs.
 *
 * <p>Runs when DBRESTORE_SQLSERVER_URL names a server (for example
 * {@code jdbc:sqlserver://db:1433;encrypt=true;trustServerCertificate=true}), with the login in
 * DBRESTORE_SQLSERVER_USER (default sa) and DBRESTORE_SQLSERVER_PASSWORD_ENV naming the variable
 * that holds its password. Each run creates a database of its own and drops it after.
 */
class SqlServerRoundTripIT {
  private static final SqlServerSyntax SQL = SqlServerSyntax.INSTANCE;
  private static final SqlServerValues VALUES = new SqlServerValues();
  private static final SqlServerRowWriter ROWS = new SqlServerRowWriter();
  private static final SqlServerSchemaWriter SCHEMA = new SqlServerSchemaWriter();
  private static final SqlServerLoadStatements LOAD = new SqlServerLoadStatements();

  private static Connection connection;
  private static String database;

  @TempDir Path dir;

  @BeforeAll
  static void connect() throws SQLException {
    String url = System.getenv("DBRESTORE_SQLSERVER_URL");
    if (url == null || url.isBlank()) {
      String why = "SqlServerRoundTripIT skipped: DBRESTORE_SQLSERVER_URL names no SQL Server"
          + " (set it, DBRESTORE_SQLSERVER_USER and DBRESTORE_SQLSERVER_PASSWORD_ENV to run it).";
      System.out.println(why);
      Assumptions.assumeTrue(false, why);
    }
    String passwordEnv = System.getenv("DBRESTORE_SQLSERVER_PASSWORD_ENV");
    String password = passwordEnv == null ? null : System.getenv(passwordEnv);
    Assumptions.assumeTrue(password != null,
        "SqlServerRoundTripIT skipped: DBRESTORE_SQLSERVER_PASSWORD_ENV names no variable that"
            + " holds a password.");
    Properties properties = new Properties();
    String user = System.getenv("DBRESTORE_SQLSERVER_USER");
    properties.setProperty("user", user == null || user.isBlank() ? "sa" : user);
    properties.setProperty("password", password);
    // Without it the driver sends a time as datetime, and time(7) loses its last digits.
    properties.setProperty("sendTimeAsDatetime", "false");
    connection = DriverManager.getConnection(url, properties);
    database = "dbrestore_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    run("CREATE DATABASE " + SQL.quote(database));
    connection.setCatalog(database);
    ROWS.prepareRestoreSession(connection, null);
  }

  @AfterAll
  static void dropDatabase() throws SQLException {
    if (connection != null) {
      connection.setCatalog("master");
      run("ALTER DATABASE " + SQL.quote(database) + " SET SINGLE_USER WITH ROLLBACK IMMEDIATE");
      run("DROP DATABASE " + SQL.quote(database));
      connection.close();
    }
  }

  private static void run(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute(sql);
    }
  }

  private static long count(String sql) throws SQLException {
    try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  /** A type and T-SQL literals of its edge values (the source rows). */
  private record Case(String type, List<String> literals) {}

  private static final List<Case> CASES = List.of(
      new Case("bit", List.of("0", "1")),
      new Case("tinyint", List.of("0", "255")),
      new Case("smallint", List.of("-32768", "32767")),
      new Case("int", List.of("-2147483648", "2147483647")),
      new Case("bigint", List.of("-9223372036854775808", "9223372036854775807")),
      new Case("decimal(38,10)", List.of("9999999999999999999999999999.9999999999",
          "-0.0000000001")),
      new Case("numeric(38,0)", List.of("-99999999999999999999999999999999999999")),
      new Case("money", List.of("922337203685477.5807", "-922337203685477.5808")),
      new Case("smallmoney", List.of("214748.3647", "-214748.3648")),
      new Case("float", List.of("2.2250738585072014E-308", "-1.7976931348623157E308")),
      new Case("real", List.of("CAST(1.17549435E-38 AS real)", "CAST(3.4028235E38 AS real)")),
      new Case("date", List.of("'0001-01-01'", "'9999-12-31'")),
      new Case("time(0)", List.of("'23:59:59'")),
      new Case("time(7)", List.of("'23:59:59.9999999'", "'00:00:00'")),
      new Case("datetime", List.of("'1753-01-01T00:00:00'", "'9999-12-31T23:59:59.997'")),
      new Case("datetime2(7)", List.of("'0001-01-01T00:00:00'", "'9999-12-31T23:59:59.9999999'")),
      new Case("datetime2(0)", List.of("'2024-02-29T12:00:00'")),
      new Case("smalldatetime", List.of("'1900-01-01T00:00:00'", "'2079-06-06T23:59:00'")),
      new Case("datetimeoffset(7)", List.of("'0001-01-01T00:00:00-14:00'",
          "'9999-12-31T23:59:59.9999999+14:00'")),
      new Case("char(10)", List.of("'abc'")),
      new Case("varchar(max)", List.of("'café '' ]; --'", "''")),
      new Case("nchar(2)", List.of("N'😀'")),
      new Case("nvarchar(max)", List.of("N'Ünïcødé 😀 ß'", "REPLICATE(CAST(N'x' AS nvarchar(max)), 100000)")),
      new Case("text", List.of("'legacy text'")),
      new Case("ntext", List.of("N'legacy ntext ж'")),
      new Case("binary(4)", List.of("0x00FF0000")),
      new Case("varbinary(max)", List.of("0x", "0xDEADBEEF00")),
      new Case("image", List.of("0x89504E470D0A1A0A")),
      new Case("uniqueidentifier", List.of("'6F9619FF-8B86-D011-B42D-00C04FC964FF'")),
      new Case("xml", List.of("N'<a b=\"1\">x &amp; y</a>'")),
      new Case("hierarchyid", List.of("hierarchyid::Parse('/1/2.5/')")),
      new Case("geography", List.of("geography::STGeomFromText('POINT(1 2)', 4326)")),
      new Case("geometry", List.of("geometry::STGeomFromText('POLYGON((0 0, 3 0, 3 3, 0 0))', 0)")));

  @Test
  void everyTypesEdgeValuesAndNullComeBackEqualThroughAParquetChunk() throws Exception {
    List<String> failures = new ArrayList<>();
    int n = 0;
    for (Case c : CASES) {
      String source = "dbo.src" + n;
      String target = "dbo.tgt" + n++;
      Manifest.Column column =
          new Manifest.Column("c", c.type(), true, false, null, SqlServerValues.encodingOf(c.type()));
      Manifest.Column id = new Manifest.Column("id", "int", false, false, null, ColumnEncoding.LONG);
      List<Manifest.Column> columns = List.of(id, column);
      for (String table : List.of(source, target)) {
        run(SCHEMA.createTable(database, new SqlServerTableDefinition("dbo",
            SqlServerSyntax.nameOf(table),
            List.of(Column.of("id", "int", false), Column.of("c", c.type(), true)),
            new Key("PK_" + SqlServerSyntax.nameOf(table), List.of("id"), List.of(false), true),
            List.of(), List.of(), List.of(), List.of())));
      }
      for (int i = 0; i < c.literals().size(); i++) {
        run("INSERT INTO " + SQL.qualified(database, source) + " VALUES (" + i + ", "
            + c.literals().get(i) + ")");
      }
      run("INSERT INTO " + SQL.qualified(database, source) + " VALUES (" + c.literals().size()
          + ", NULL)");
      ResourceId file = FileSystems.matchNewResource(dir.resolve(n + ".parquet").toString(), false);
      Manifest.Chunk chunk;
      try (PreparedStatement select = connection.prepareStatement(
              "SELECT [id], " + VALUES.selectExpression(column) + " FROM "
                  + SQL.qualified(database, source) + " ORDER BY [id]");
          ChunkWriter writer = new ChunkWriter(file, columns, List.of("id"))) {
        VALUES.streamRows(select);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            writer.write(new Object[] {
                VALUES.readValue(rows, 1, ColumnEncoding.LONG),
                VALUES.readValue(rows, 2, column.encoding())});
          }
        }
        chunk = writer.finish(n + ".parquet");
      }
      try (ChunkReader reader = new ChunkReader(file, chunk, columns);
          PreparedStatement insert = connection.prepareStatement(ROWS.insertStatement(
              database, target, columns, List.of("id"), DataConflictPolicy.STOP))) {
        Object[] row;
        while ((row = reader.next()) != null) {
          VALUES.bindValue(insert, 1, ColumnEncoding.LONG, row[0]);
          VALUES.bindValue(insert, 2, column.encoding(), row[1]);
          insert.executeUpdate();
        }
      }
      long differing = count("SELECT COUNT(*) FROM " + SQL.qualified(database, source)
          + " s FULL JOIN " + SQL.qualified(database, target) + " t ON s.[id] = t.[id]"
          + " WHERE s.[id] IS NULL OR t.[id] IS NULL"
          + " OR ISNULL(CONVERT(varbinary(max), s.[c]), 0x01) <> ISNULL(CONVERT(varbinary(max), t.[c]), 0x01)"
          + " OR IIF(s.[c] IS NULL, 1, 0) <> IIF(t.[c] IS NULL, 1, 0)");
      if (differing != 0) {
        failures.add(c.type() + ": " + differing + " rows differ");
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void computedAndRowversionColumnsAreMadeByTheServer_identityValuesKeptAsStored()
      throws SQLException {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "line]item",
        List.of(
            new Column("id", "int", false, new Identity(1, 1), null, false, null, null, null),
            Column.of("qty", "int", false),
            Column.of("price", "money", false),
            new Column("total", "money", true, null, "([qty]*[price])", true, null, null, null),
            Column.of("rv", "rowversion", false)),
        new Key("PK_line", List.of("id"), List.of(false), true),
        List.of(), List.of(), List.of(), List.of());
    run(SCHEMA.createTable(database, t));
    List<Manifest.Column> stored = List.of(
        new Manifest.Column("id", "int", false, false, null, ColumnEncoding.LONG),
        new Manifest.Column("qty", "int", false, false, null, ColumnEncoding.LONG),
        new Manifest.Column("price", "money", false, false, null, ColumnEncoding.SERVER_TEXT));
    for (String s : LOAD.beforeLoad(database, "dbo.line]item", true)) {
      run(s);
    }
    try (PreparedStatement insert = connection.prepareStatement(ROWS.insertStatement(
        database, "dbo.line]item", stored, List.of("id"), DataConflictPolicy.STOP))) {
      VALUES.bindValue(insert, 1, ColumnEncoding.LONG, 42L);
      VALUES.bindValue(insert, 2, ColumnEncoding.LONG, 3L);
      VALUES.bindValue(insert, 3, ColumnEncoding.SERVER_TEXT, "1.2500");
      insert.executeUpdate();
    }
    for (String s : LOAD.afterLoad(database, "dbo.line]item", true)) {
      run(s);
    }
    assertEquals(1, count("SELECT COUNT(*) FROM " + SQL.qualified(database, "dbo.line]item")
        + " WHERE [id] = 42 AND [total] = 3.75 AND [rv] IS NOT NULL"));
  }

  @Test
  void theConflictPoliciesKeepOrRewriteAnExistingRowAndStopOnADuplicateKey()
      throws SQLException {
    run(SCHEMA.createTable(database, new SqlServerTableDefinition("dbo", "conflict",
        List.of(Column.of("id", "int", false), Column.of("v", "nvarchar(10)", true)),
        new Key("PK_conflict", List.of("id"), List.of(false), true),
        List.of(), List.of(), List.of(), List.of())));
    run("INSERT INTO " + SQL.qualified(database, "dbo.conflict") + " VALUES (1, N'old')");
    List<Manifest.Column> columns = List.of(
        new Manifest.Column("id", "int", false, false, null, ColumnEncoding.LONG),
        new Manifest.Column("v", "nvarchar(10)", true, false, null, ColumnEncoding.TEXT));
    write(columns, DataConflictPolicy.IGNORE, 1L, "new");
    assertEquals(1, count("SELECT COUNT(*) FROM [dbo].[conflict] WHERE [id] = 1 AND [v] = N'old'"));
    write(columns, DataConflictPolicy.OVERWRITE, 1L, "new");
    write(columns, DataConflictPolicy.OVERWRITE, 2L, "two");
    assertEquals(1, count("SELECT COUNT(*) FROM [dbo].[conflict] WHERE [id] = 1 AND [v] = N'new'"));
    assertEquals(2, count("SELECT COUNT(*) FROM [dbo].[conflict]"));
    SQLException e = assertThrows(SQLException.class,
        () -> write(columns, DataConflictPolicy.STOP, 2L, "again"));
    assertTrue(new SqlServerErrors().isDuplicateKey(e), e.getMessage());
  }

  private static void write(List<Manifest.Column> columns, DataConflictPolicy policy, long id,
      String v) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(
        ROWS.insertStatement(database, "dbo.conflict", columns, List.of("id"), policy))) {
      VALUES.bindValue(s, 1, ColumnEncoding.LONG, id);
      VALUES.bindValue(s, 2, ColumnEncoding.TEXT, v);
      s.executeUpdate();
    }
  }

  @Test
  void aLoadWithConstraintsUncheckedAndTriggersOffEndsWithTrustedForeignKeys()
      throws SQLException {
    run(SCHEMA.createSchema(database, "store"));
    SqlServerTableDefinition customer = new SqlServerTableDefinition("store", "customer",
        List.of(Column.of("id", "int", false)),
        new Key("PK_customer", List.of("id"), List.of(false), true),
        List.of(), List.of(), List.of(), List.of());
    SqlServerTableDefinition payment = new SqlServerTableDefinition("store", "payment",
        List.of(Column.of("id", "int", false), Column.of("customer_id", "int", false)),
        new Key("PK_payment", List.of("id"), List.of(false), true),
        List.of(), List.of(),
        List.of(new ForeignKey("FK_payment_customer", List.of("customer_id"), "store.customer",
            List.of("id"), "NO_ACTION", "NO_ACTION")),
        List.of());
    run(SCHEMA.createTable(database, customer));
    run(SCHEMA.createTable(database, payment));
    run(SCHEMA.addForeignKey(database, payment, payment.foreignKeys().get(0)));
    run("CREATE TABLE [store].[audit] ([n] int)");
    run("CREATE TRIGGER [store].[payment_audit] ON [store].[payment] AFTER INSERT AS"
        + " INSERT INTO [store].[audit] VALUES (1)");
    for (String s : LOAD.beforeLoad(database, "store.payment", false)) {
      run(s);
    }
    // The child first: the foreign key is not checked during the load.
    run("INSERT INTO [store].[payment] VALUES (1, 7)");
    // WITH CHECK checks every row: with the parent row missing it fails.
    assertThrows(SQLException.class,
        () -> run(LOAD.afterLoad(database, "store.payment", false).get(0)));
    run("INSERT INTO [store].[customer] VALUES (7)");
    for (String s : LOAD.afterLoad(database, "store.payment", false)) {
      run(s);
    }
    assertEquals(0, count("SELECT COUNT(*) FROM [store].[audit]"));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.foreign_keys WHERE is_not_trusted = 1"
        + " OR is_disabled = 1"));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.triggers WHERE is_disabled = 1"));
  }

  @Test
  void aTableReadFromTheCatalogIsTheDefinitionItWasCreatedFrom() throws SQLException {
    run(SCHEMA.createSchema(database, "cat]alog"));
    SqlServerTableDefinition parent = new SqlServerTableDefinition("cat]alog", "parent",
        List.of(Column.of("id", "int", false)),
        new Key("PK_parent", List.of("id"), List.of(false), true),
        List.of(), List.of(), List.of(), List.of());
    SqlServerTableDefinition child = new SqlServerTableDefinition("cat]alog", "child]",
        List.of(
            new Column("id", "bigint", false, new Identity(100, 5), null, false, null, null, null),
            new Column("qty", "smallint", false, null, null, false, "DF_qty", "((1))", null),
            Column.of("price", "decimal(19,4)", false),
            new Column("total", "decimal(25,4)", true, null, "([qty]*[price])", true, null, null,
                null),
            new Column("note", "nvarchar(max)", true, null, null, false, null, null,
                "Latin1_General_100_CI_AS_SC"),
            Column.of("rv", "rowversion", false),
            Column.of("parent_id", "int", true),
            Column.of("at", "datetime2(3)", false)),
        new Key("PK_child", List.of("id"), List.of(false), true),
        List.of(new Key("UQ_child", List.of("at", "id"), List.of(true, false), false)),
        List.of(new Check("CK_qty", "([qty]>(0))")),
        List.of(new ForeignKey("FK_child_parent", List.of("parent_id"), "cat]alog.parent",
            List.of("id"), "SET_NULL", "CASCADE")),
        List.of(new SqlServerTableDefinition.Index("IX_price", false, List.of("price"),
            List.of("note"))));
    run(SCHEMA.createTable(database, parent));
    run(SCHEMA.createTable(database, child));
    run(SCHEMA.createIndex(database, child, child.indexes().get(0)));
    run(SCHEMA.addForeignKey(database, child, child.foreignKeys().get(0)));
    SqlServerCatalog catalog = new SqlServerCatalog();
    assertTrue(catalog.tables(connection, database).contains("cat]alog.child]"));
    SqlServerTableDefinition read = catalog.readTable(connection, database, "cat]alog.child]");
    assertEquals(SCHEMA.createTable(database, child), SCHEMA.createTable(database, read));
    assertEquals(SCHEMA.addForeignKey(database, child, child.foreignKeys().get(0)),
        SCHEMA.addForeignKey(database, read, read.foreignKeys().get(0)));
    assertEquals(child.indexes(), read.indexes());
  }

  @Test
  void aHostileDefaultIsRefusedAndNoTableIsCreated() throws SQLException {
    SqlServerTableDefinition t = new SqlServerTableDefinition("dbo", "hostile",
        List.of(new Column("a", "int", false, null, null, false, null,
            "(0)); CREATE TABLE [dbo].[pwned] ([x] int); --", null)),
        null, List.of(), List.of(), List.of(), List.of());
    assertThrows(StatementCheck.Refused.class, () -> SCHEMA.createTable(database, t));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.tables WHERE name IN ('hostile', 'pwned')"));
  }

  @Test
  void aNameOf128CharactersIsAcceptedByTheServer() throws SQLException {
    String name = "n".repeat(127) + "]";
    run(SCHEMA.createTable(database, new SqlServerTableDefinition("dbo", name,
        List.of(Column.of(name, "int", true)), null, List.of(), List.of(), List.of(), List.of())));
    assertEquals(1, count("SELECT COUNT(*) FROM sys.tables WHERE name = N'" + name + "'"));
  }

  private static final SqlServerDialect DIALECT = SqlServerDialect.INSTANCE;

  @Test
  void theDataStagesTableLoadLeavesForeignKeysAndChecksTrusted_triggersOffDuringItThenOn()
      throws SQLException {
    run(SCHEMA.createSchema(database, "load"));
    run("CREATE TABLE [load].[parent] ([id] int NOT NULL CONSTRAINT [PK_lp] PRIMARY KEY)");
    run("CREATE TABLE [load].[child] ([id] int NOT NULL CONSTRAINT [PK_lc] PRIMARY KEY,"
        + " [parent_id] int NOT NULL CONSTRAINT [FK_lc] REFERENCES [load].[parent] ([id]),"
        + " [qty] int NOT NULL CONSTRAINT [CK_lc_qty] CHECK ([qty] > 0))");
    run("CREATE TABLE [load].[audit] ([n] int)");
    run("CREATE TRIGGER [load].[child_audit] ON [load].[child] AFTER INSERT AS"
        + " INSERT INTO [load].[audit] VALUES (1)");
    // Run twice each, as a resumed task runs them again.
    for (String table : List.of("load.child", "load.parent", "load.child")) {
      DIALECT.beforeTableLoad(connection, database, table);
    }
    assertEquals(1, count("SELECT COUNT(*) FROM sys.triggers WHERE is_disabled = 1"
        + " AND name = 'child_audit'"));
    run("INSERT INTO [load].[child] VALUES (1, 7, 2)"); // before its parent: not checked
    run("INSERT INTO [load].[parent] VALUES (7)");
    for (String table : List.of("load.child", "load.parent", "load.child")) {
      DIALECT.afterTableLoad(connection, database, table);
    }
    assertEquals(0, count("SELECT COUNT(*) FROM [load].[audit]"));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.foreign_keys WHERE name = 'FK_lc'"
        + " AND (is_not_trusted = 1 OR is_disabled = 1)"));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.check_constraints WHERE name = 'CK_lc_qty'"
        + " AND (is_not_trusted = 1 OR is_disabled = 1)"));
    assertEquals(0, count("SELECT COUNT(*) FROM sys.triggers WHERE is_disabled = 1"
        + " AND name = 'child_audit'"));
    run("INSERT INTO [load].[child] VALUES (2, 7, 1)");
    assertEquals(1, count("SELECT COUNT(*) FROM [load].[audit]"));
  }

  @Test
  void aRowThatBreaksACheckAfterTheLoadIsNamedWithItsConstraint() throws SQLException {
    run(SCHEMA.createSchema(database, "broken"));
    run("CREATE TABLE [broken].[t] ([id] int NOT NULL PRIMARY KEY,"
        + " [qty] int NOT NULL CONSTRAINT [CK_broken_qty] CHECK ([qty] > 0))");
    DIALECT.beforeTableLoad(connection, database, "broken.t");
    run("INSERT INTO [broken].[t] VALUES (1, -1)");
    SQLException e = assertThrows(SQLException.class,
        () -> DIALECT.afterTableLoad(connection, database, "broken.t"));
    String sentence = DIALECT.explainBrokenConstraint(e, SQL.qualified(database, "broken.t"));
    assertTrue(sentence != null && sentence.contains("the check constraint [CK_broken_qty]"),
        e.getErrorCode() + " " + e.getMessage());
    run("DELETE FROM [broken].[t]");
    DIALECT.afterTableLoad(connection, database, "broken.t");
  }

  @Test
  void foreignKeysAddedAfterEveryTableExist_whenTheSetListsTheChildFirst() throws SQLException {
    SqlServerTableDefinition child = new SqlServerTableDefinition("dbo", "fk_child",
        List.of(Column.of("id", "int", false), Column.of("parent_id", "int", true)),
        new Key("PK_fk_child", List.of("id"), List.of(false), true), List.of(), List.of(),
        List.of(new ForeignKey("FK_fk_child_parent", List.of("parent_id"), "dbo.fk_parent",
            List.of("id"), "NO_ACTION", "NO_ACTION")),
        List.of());
    SqlServerTableDefinition parent = new SqlServerTableDefinition("dbo", "fk_parent",
        List.of(Column.of("id", "int", false)),
        new Key("PK_fk_parent", List.of("id"), List.of(false), true), List.of(), List.of(),
        List.of(), List.of());
    SqlServerStatements statements = new SqlServerStatements();
    // With its foreign key in its batch the child cannot be created before its parent.
    String whole = statements.checkTable("table child", "m", SqlServerDefinitions.toJson(child),
        database, "dbo.fk_child", null, null).sql();
    assertThrows(SQLException.class, () -> run(whole));
    run("DROP TABLE IF EXISTS [dbo].[fk_child]"); // the batch's CREATE TABLE ran on its own
    List<dev.dbrestore.io.jdbc.CheckedStatement> later = new ArrayList<>();
    for (SqlServerTableDefinition t : List.of(child, parent)) {
      var split = DIALECT.deferForeignKeys(SqlServerDefinitions.toJson(t));
      DIALECT.createTable(connection, database, statements.checkTable("table", "m",
          split.createTable(), database, "dbo." + t.name(), null, null));
      if (t == child) {
        for (String definition : split.indexDefinitions()) {
          later.add(statements.checkIndex("table child", "m", definition, null, null));
        }
      }
    }
    DIALECT.addIndexes(connection, database, "dbo.fk_child", later);
    DIALECT.addIndexes(connection, database, "dbo.fk_child", later); // a resume skips it
    assertEquals(1, count("SELECT COUNT(*) FROM sys.foreign_keys WHERE name ="
        + " 'FK_fk_child_parent' AND is_not_trusted = 0 AND is_disabled = 0"));
  }

  @Test
  void aSequenceComesBackBeforeItsTableAndGoesOnWhereTheSourcesWould() throws SQLException {
    run(SCHEMA.createSchema(database, "seq_src"));
    run(SCHEMA.createSchema(database, "seq_dst"));
    run("EXEC(N'CREATE SEQUENCE [seq_src].[order_no] AS bigint START WITH 100 INCREMENT BY 5"
        + " MINVALUE 1 MAXVALUE 1000000 NO CYCLE CACHE 20')");
    for (int i = 0; i < 3; i++) {
      run("DECLARE @v bigint = NEXT VALUE FOR [seq_src].[order_no]"); // 100, 105, 110
    }
    Manifest.Sequence read = new SqlServerModules().sequences(connection, database).stream()
        .filter(q -> q.name().equals("seq_src.order_no")).findFirst().orElseThrow();
    assertEquals("110", read.lastUsedValue());
    Manifest.Sequence copy = new Manifest.Sequence("seq_dst.order_no", read.type(),
        read.startValue(), read.increment(), read.minimumValue(), read.maximumValue(),
        read.cycling(), read.cached(), read.cacheSize(), read.lastUsedValue());
    var checked = DIALECT.checkSequence("sequence", "m", copy, database);
    DIALECT.createSequence(connection, database, checked);
    run("CREATE TABLE [seq_dst].[orders] ([no] bigint NOT NULL"
        + " DEFAULT (NEXT VALUE FOR [seq_dst].[order_no]), [x] int)");
    run("INSERT INTO [seq_dst].[orders] ([x]) VALUES (1)");
    DIALECT.createSequence(connection, database, checked); // kept: a resume does not restart it
    run("INSERT INTO [seq_dst].[orders] ([x]) VALUES (2)");
    assertEquals(115, count("SELECT MIN([no]) FROM [seq_dst].[orders]"));
    assertEquals(120, count("SELECT MAX([no]) FROM [seq_dst].[orders]"));
    assertEquals(100, count("SELECT CAST(start_value AS bigint) FROM sys.sequences"
        + " WHERE name = 'order_no' AND SCHEMA_NAME(schema_id) = 'seq_dst'"));
  }

  @Test
  void aViewOnAViewRecordsTheViewItReads() throws SQLException {
    run("EXEC(N'CREATE VIEW [dbo].[v_low] AS SELECT 1 AS [one]')");
    run("EXEC(N'CREATE VIEW [dbo].[v_top] AS SELECT [one] FROM [dbo].[v_low]')");
    List<Manifest.SchemaObject> views =
        new SqlServerModules().modules(connection, database, StatementCheck.Kind.VIEW);
    Manifest.SchemaObject top = views.stream().filter(v -> v.name().equals("dbo.v_top"))
        .findFirst().orElseThrow();
    assertEquals(List.of("dbo.v_low"), top.references());
    assertEquals(
        java.util.Set.of(new dev.dbrestore.io.jdbc.StatementChecker.Reference(
            database, "dbo.v_low", false)),
        DIALECT.referencesOf(database, StatementCheck.Kind.VIEW, top));
  }

  @Test
  void theServersVersionIsOneTheVersionRuleReads() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet r = s.executeQuery(SqlServerVersionRule.VERSION_QUERY)) {
      r.next();
      assertTrue(SqlServerVersionRule.major(r.getString(1)) >= 11, r.getString(1));
      assertFalse(SqlServerVersionRule.refusal(r.getString(1), r.getString(1)) != null);
    }
  }
}
