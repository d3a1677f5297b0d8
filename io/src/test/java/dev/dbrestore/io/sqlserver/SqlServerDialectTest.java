package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.io.mysql.MySqlDialect;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The SQL Server dialect among the others: chosen by URL and kind, one instance, no log. */
class SqlServerDialectTest {
  @Test
  void aSqlServerUrlGetsTheSqlServerDialect_andAMySqlUrlStillMySqls() {
    assertSame(SqlServerDialect.INSTANCE,
        Dialect.forUrl("jdbc:sqlserver://db1:1433;databaseName=shop;encrypt=true"));
    assertSame(SqlServerDialect.INSTANCE, Dialects.forKind("sqlserver"));
    assertSame(SqlServerDialect.INSTANCE, Dialects.forKind("SQLServer"));
    assertSame(MySqlDialect.INSTANCE, Dialect.forUrl("jdbc:mysql://db1:3306/"));
    assertSame(MySqlDialect.INSTANCE, Dialects.forKind("mariadb"));
  }

  @Test
  void theKindsAreThoseOfBothDialects_inAStableOrder() {
    assertEquals(List.of("mysql", "mariadb", "sqlserver"), List.copyOf(Dialects.kinds()));
    assertEquals(Dialects.kinds(), Dialects.dataSourceKinds());
    assertEquals("Databases: mysql, mariadb or sqlserver, by a JDBC URL like"
        + " jdbc:mysql://host:3306/ or jdbc:sqlserver://host:1433;databaseName=db.",
        Dialects.describe());
  }

  @Test
  void aSqlServerSourceKeepsNoChangeLog_soCaptureAndPointInTimeNameOnlyMySql() {
    assertTrue(SqlServerDialect.INSTANCE.changeLogReader().isEmpty());
    assertTrue(SqlServerDialect.INSTANCE.changeWriter().isEmpty());
    assertTrue(SqlServerDialect.INSTANCE.embedded().isEmpty());
    assertEquals("A SQL Server source has no point-in-time restore: it keeps no change log this"
        + " version captures; restoring to a point in time works with mysql or mariadb sources"
        + " (URLs like jdbc:mysql://host:3306/).", Dialects.pointInTimeRefusal("sqlserver"));
  }

  @Test
  void aDeserializedDialectIsTheOneInstance() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(SqlServerDialect.INSTANCE);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertSame(SqlServerDialect.INSTANCE, in.readObject());
    }
  }

  @Test
  void theDialectsRolesAreTheSqlServerOnes() {
    Dialect d = SqlServerDialect.INSTANCE;
    assertEquals("[a]]b]", d.quote("a]b"));
    assertEquals("[shop].[sales].[order]", d.qualified("shop", "sales.order"));
    assertEquals(Set.of("sqlserver"), d.kinds());
    assertTrue(d.bulkLoader().orElseThrow() instanceof SqlServerBulkLoader);
    assertEquals("false", d.pinnedProperties().get("sendTimeAsDatetime"));
    assertEquals(java.sql.Types.VARBINARY,
        d.nullType(dev.dbrestore.io.format.ColumnEncoding.BYTES));
    assertTrue(d.isSystemSchema("msdb"));
  }
}
