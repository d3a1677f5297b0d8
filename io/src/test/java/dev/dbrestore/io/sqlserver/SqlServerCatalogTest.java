package dev.dbrestore.io.sqlserver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlServerCatalogTest {
  @ParameterizedTest(name = "{0} {1} {2} {3} -> {4}")
  @CsvSource({
      "varchar, 50, 0, 0, varchar(50)",
      "varchar, -1, 0, 0, varchar(max)",
      "nvarchar, 100, 0, 0, nvarchar(50)",
      "nvarchar, -1, 0, 0, nvarchar(max)",
      "nchar, 2, 0, 0, nchar(1)",
      "varbinary, -1, 0, 0, varbinary(max)",
      "binary, 16, 0, 0, binary(16)",
      "decimal, 17, 38, 10, 'decimal(38,10)'",
      "numeric, 9, 5, 0, 'numeric(5,0)'",
      "datetime2, 8, 27, 7, datetime2(7)",
      "time, 3, 8, 0, time(0)",
      "datetimeoffset, 10, 34, 7, datetimeoffset(7)",
      "timestamp, 8, 0, 0, rowversion",
      "datetime, 8, 23, 3, datetime",
      "money, 8, 19, 4, money",
      "geography, -1, 0, 0, geography",
      "INT, 4, 10, 0, int"})
  void aColumnsTypeIsSpelledAsCreateTableTakesIt(
      String name, int maxLength, int precision, int scale, String expected) {
    assertEquals(expected, SqlServerCatalog.spelledType(name, maxLength, precision, scale));
  }
}
