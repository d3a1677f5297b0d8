package dev.dbrestore.io.mysql.embedded;

import dev.dbrestore.io.mysql.MySqlDialect;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** A sample database to back up and restore (the demo's): a shop and hard types. */
public final class SampleDatabase {
  private static final List<String> TABLES =
      List.of("customer", "orders", "order_line", "audit_log", "every_type");

  // A fixed seed, so that every run makes the same rows and two restores can be compared.
  private static final long SEED = 20_240_607L;
  private static final int BATCH_ROWS = 1000;
  private static final int BLOB_BYTES = 2 * 1024 * 1024;
  // MariaDB 10.11's default. Triggers, views and functions keep the mode they were made in, and
  // the escapes in the literals below need a mode without NO_BACKSLASH_ESCAPES.
  private static final String SQL_MODE =
      "STRICT_TRANS_TABLES,ERROR_FOR_DIVISION_BY_ZERO,NO_AUTO_CREATE_USER,NO_ENGINE_SUBSTITUTION";

  private static final String[] FIRST_NAMES = {
    "Anna", "José", "Zoë", "Łukasz", "Søren", "Ngozi", "Aiko", "Дмитрий", "Θεοδώρα", "美玲",
    "محمد", "Renée", "Björn", "Siobhán", "Jürgen", "😀 Sunny", "𝓐lice", "Ōta", "Chloë", "Kwame"
  };
  private static final String[] LAST_NAMES = {
    "Smith", "Müller", "García", "Nguyễn", "Kowalski", "Østergaard", "Tanaka", "Иванов",
    "Παπαδόπουλος", "王", "O'Brien", "D'Angelo", "Çelik", "Ólafsson", "🚀 Rocket", "Dvořák"
  };
  private static final String[] COUNTRIES = {
    "DE", "FR", "ES", "PL", "SE", "GR", "IE", "US", "GB", "JP", "BR", "NG", "IN", "CN"
  };
  private static final String[] EMAIL_DOMAINS = {"example.com", "example.org", "example.net"};
  private static final String[] NOTES = {
    "Leave at the back door",
    "Gift wrap, please",
    "Call before delivery: +49 30 1234567",
    // Separators, quotes and escapes that break naive CSV or SQL text.
    "Line one\nLine two\r\nLine three",
    "Tab\there, comma, here; \"quoted\" and 'single' and back\\slash",
    "Zoë wants it by Friday 📦",
  };

  private static final DateTimeFormatter SQL_DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");
  private static final long FIRST_SECOND =
      LocalDateTime.of(2018, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
  private static final long LAST_SECOND =
      LocalDateTime.of(2025, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);

  private SampleDatabase() {}

  /**
   * Creates database {@code name} on the server behind {@code c} (root on MariaDB 10.11) with
   * about {@code scale} rows in all (scale 100_000 by default in the demo). Fails if the database
   * exists. The connection's autocommit, sql_mode and time_zone are as they were afterwards.
   */
  public static void create(Connection c, String name, int scale) throws SQLException {
    if (scale < 10) {
      throw new IllegalArgumentException(
          "The sample database needs a scale of at least 10, not " + scale);
    }
    String db = quote(name);
    boolean autoCommit = c.getAutoCommit();
    String sqlMode = selectString(c, "SELECT @@SESSION.sql_mode");
    String timeZone = selectString(c, "SELECT @@SESSION.time_zone");
    try {
      // TIMESTAMP values are stored in UTC: a fixed session zone makes them the same on every
      // machine, and UTC has no daylight-saving gaps that would reject a random time.
      execute(c, "SET SESSION time_zone = '+00:00'");
      setSession(c, "sql_mode", SQL_MODE);
      c.setAutoCommit(true);
      createShopSchema(c, db);

      c.setAutoCommit(false);
      Random random = new Random(SEED);
      int customers = scale / 10;
      insertCustomers(c, db, customers, random);
      insertOrdersAndLines(c, db, customers, scale * 4 / 10, scale * 4 / 10, random);

      c.setAutoCommit(true);
      createEveryType(c, db);
    } catch (SQLException | RuntimeException e) {
      try {
        if (!c.getAutoCommit()) {
          // Otherwise restoring autocommit below would commit half a batch.
          c.rollback();
        }
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      c.setAutoCommit(autoCommit);
      setSession(c, "sql_mode", sqlMode);
      setSession(c, "time_zone", timeZone);
    }
  }

  /** The table names it creates, in creation order. */
  public static List<String> tables() {
    return TABLES;
  }

  private static void createShopSchema(Connection c, String db) throws SQLException {
    execute(c, "CREATE DATABASE " + db + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
    // email is VARCHAR(190) so its unique key fits the 767-byte limit of older row formats in
    // utf8mb4. created has its default spelled out so that no server setting adds ON UPDATE.
    execute(
        c,
        """
        CREATE TABLE %s.`customer` (
          `id` INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
          `name` VARCHAR(100) CHARACTER SET utf8mb4 NOT NULL,
          `email` VARCHAR(190) NOT NULL,
          `country` CHAR(2) NOT NULL,
          `created` TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
          `balance` DECIMAL(12,2) NOT NULL,
          `status` ENUM('active','closed') NOT NULL,
          `tags` SET('vip','new','eu') NOT NULL,
          UNIQUE KEY `email` (`email`)
        ) ENGINE=InnoDB
        """
            .formatted(db));
    execute(
        c,
        """
        CREATE TABLE %s.`orders` (
          `id` BIGINT NOT NULL PRIMARY KEY,
          `customer_id` INT NOT NULL,
          `ordered_at` DATETIME(6) NOT NULL,
          `total` DECIMAL(65,30) NOT NULL,
          `note` TEXT NULL,
          CONSTRAINT `orders_customer` FOREIGN KEY (`customer_id`) REFERENCES `customer` (`id`)
        ) ENGINE=InnoDB
        """
            .formatted(db));
    execute(
        c,
        """
        CREATE TABLE %s.`order_line` (
          `order_id` BIGINT NOT NULL,
          `line_no` SMALLINT NOT NULL,
          `sku` VARBINARY(16) NOT NULL,
          `qty` SMALLINT UNSIGNED NOT NULL,
          `price` DOUBLE NOT NULL,
          `weight` FLOAT NOT NULL,
          `line_total` DOUBLE AS (`qty` * `price`) STORED,
          PRIMARY KEY (`order_id`, `line_no`),
          CONSTRAINT `order_line_order` FOREIGN KEY (`order_id`) REFERENCES `orders` (`id`)
        ) ENGINE=InnoDB
        """
            .formatted(db));
    execute(
        c,
        """
        CREATE TABLE %s.`audit_log` (
          `customer_id` INT NOT NULL,
          `action` VARCHAR(20) NOT NULL,
          `at` DATETIME(6) NOT NULL
        ) ENGINE=InnoDB
        """
            .formatted(db));
    // The body names audit_log unqualified, so the trigger writes to its own database even when
    // a restore gives that database another name. `at` copies `created`, not NOW(6), so that
    // every run makes the same rows.
    execute(
        c,
        """
        CREATE TRIGGER %1$s.`customer_audit` AFTER INSERT ON %1$s.`customer` FOR EACH ROW
          INSERT INTO `audit_log` (`customer_id`, `action`, `at`)
          VALUES (NEW.`id`, 'created', NEW.`created`)
        """
            .formatted(db));
    execute(
        c,
        """
        CREATE VIEW %1$s.`customer_totals` AS
          SELECT c.`id` AS `customer_id`, c.`name`, c.`country`,
                 COUNT(o.`id`) AS `order_count`,
                 COALESCE(SUM(o.`total`), 0) AS `orders_total`
          FROM %1$s.`customer` c LEFT JOIN %1$s.`orders` o ON o.`customer_id` = c.`id`
          GROUP BY c.`id`, c.`name`, c.`country`
        """
            .formatted(db));
    // A view on a view: a restore must create customer_totals first.
    execute(
        c,
        """
        CREATE VIEW %1$s.`top_customers` AS
          SELECT `customer_id`, `name`, `orders_total`
          FROM %1$s.`customer_totals`
          ORDER BY `orders_total` DESC, `customer_id`
          LIMIT 100
        """
            .formatted(db));
    execute(
        c,
        """
        CREATE FUNCTION %s.`with_tax`(amount DECIMAL(65,30)) RETURNS DECIMAL(65,30)
          DETERMINISTIC
          RETURN amount * 1.19
        """
            .formatted(db));
  }

  private static void insertCustomers(Connection c, String db, int customers, Random random)
      throws SQLException {
    MultiRowInsert insert =
        new MultiRowInsert(
            c, db, "customer",
            "id", "name", "email", "country", "created", "balance", "status", "tags");
    for (int id = 1; id <= customers; id++) {
      String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
      String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
      String country = COUNTRIES[random.nextInt(COUNTRIES.length)];
      String email = "customer." + id + "@" + EMAIL_DOMAINS[random.nextInt(EMAIL_DOMAINS.length)];
      List<String> tags = new ArrayList<>();
      if (random.nextInt(10) == 0) {
        tags.add("vip");
      }
      if (random.nextInt(5) == 0) {
        tags.add("new");
      }
      if (random.nextBoolean() && country.matches("DE|FR|ES|PL|SE|GR|IE")) {
        tags.add("eu");
      }
      // Explicit ids rather than AUTO_INCREMENT's, which depend on auto_increment_increment.
      insert.add(
          id,
          first + " " + last,
          email,
          country,
          // TIMESTAMP(3): the DATETIME(6) literal cut after the milliseconds.
          randomDateTime(random).substring(0, "yyyy-mm-dd hh:mm:ss.fff".length()),
          BigDecimal.valueOf(random.nextInt(110_000_000) - 10_000_000L, 2),
          random.nextInt(10) == 0 ? "closed" : "active",
          String.join(",", tags));
      if (id % BATCH_ROWS == 0 || id == customers) {
        insert.flush();
        c.commit();
      }
    }
  }

  /** Orders and their lines go in together, each order before its lines as the keys require. */
  private static void insertOrdersAndLines(
      Connection c, String db, int customers, int orders, int lines, Random random)
      throws SQLException {
    MultiRowInsert insertOrder =
        new MultiRowInsert(c, db, "orders", "id", "customer_id", "ordered_at", "total", "note");
    MultiRowInsert insertLine =
        new MultiRowInsert(
            c, db, "order_line", "order_id", "line_no", "sku", "qty", "price", "weight");
    int linesLeft = lines;
    for (int i = 0; i < orders; i++) {
      // Past 2^32 and with gaps, so chunk planning cannot assume small dense keys.
      long orderId = 4_294_967_296L + 3L * i;
      // 0, 1 or 2 lines, one on average, so lines come to about as many as orders.
      int lineCount = Math.min(random.nextInt(3), linesLeft);
      linesLeft -= lineCount;
      BigDecimal total = BigDecimal.ZERO;
      for (short lineNo = 1; lineNo <= lineCount; lineNo++) {
        byte[] sku = new byte[4 + random.nextInt(13)];
        random.nextBytes(sku);
        int qty = random.nextInt(100) == 0 ? 65_535 : 1 + random.nextInt(20);
        double price = Math.round(random.nextDouble() * 50_000) / 100.0;
        insertLine.add(orderId, lineNo, sku, qty, price, random.nextFloat() * 20);
        // The exact value of the double price, so the total uses all 30 decimal places.
        total = total.add(new BigDecimal(price).multiply(BigDecimal.valueOf(qty)));
      }
      insertOrder.add(
          orderId,
          1 + random.nextInt(customers),
          randomDateTime(random),
          total.setScale(30, RoundingMode.HALF_EVEN),
          randomNote(random));
      if ((i + 1) % BATCH_ROWS == 0 || i + 1 == orders) {
        insertOrder.flush();
        insertLine.flush();
        c.commit();
      }
    }
  }

  private static String randomNote(Random random) {
    int pick = random.nextInt(20);
    return switch (pick) {
      case 0, 1 -> null;
      case 2 -> "";
      // The text NULL, which a restore must not turn into SQL NULL.
      case 3 -> "NULL";
      default -> pick < 10 ? NOTES[random.nextInt(NOTES.length)] : "Order note " + pick;
    };
  }

  /** A DATETIME(6) literal between 2018 and 2025. */
  private static String randomDateTime(Random random) {
    long second = FIRST_SECOND + (long) (random.nextDouble() * (LAST_SECOND - FIRST_SECOND));
    int micros = random.nextInt(1_000_000);
    return LocalDateTime.ofEpochSecond(second, micros * 1000, ZoneOffset.UTC).format(SQL_DATETIME);
  }

  /** One row per hard case: type limits, lossy-looking floats, odd bytes and zero dates. */
  private static void createEveryType(Connection c, String db) throws SQLException {
    // Zero dates are refused by the default strict mode; only this table and its zero-date row
    // are made without it, so that a wrong limit in the other rows fails instead of being clipped.
    execute(c, "SET SESSION sql_mode = ''");
    execute(
        c,
        """
        CREATE TABLE %s.`every_type` (
          `id` INT NOT NULL PRIMARY KEY,
          `tinyint_signed` TINYINT NULL,
          `tinyint_unsigned` TINYINT UNSIGNED NULL,
          `smallint_signed` SMALLINT NULL,
          `smallint_unsigned` SMALLINT UNSIGNED NULL,
          `mediumint_signed` MEDIUMINT NULL,
          `mediumint_unsigned` MEDIUMINT UNSIGNED NULL,
          `int_signed` INT NULL,
          `int_unsigned` INT UNSIGNED NULL,
          `bigint_signed` BIGINT NULL,
          `bigint_unsigned` BIGINT UNSIGNED NULL,
          `decimal_65_30` DECIMAL(65,30) NULL,
          `float_value` FLOAT NULL,
          `double_value` DOUBLE NULL,
          `bit_1` BIT(1) NULL,
          `bit_17` BIT(17) NULL,
          `bit_64` BIT(64) NULL,
          `char_utf8mb4` CHAR(10) CHARACTER SET utf8mb4 NULL,
          `varchar_utf8mb4` VARCHAR(100) CHARACTER SET utf8mb4 NULL,
          `text_utf8mb4` TEXT CHARACTER SET utf8mb4 NULL,
          `char_latin1` CHAR(10) CHARACTER SET latin1 NULL,
          `varchar_latin1` VARCHAR(100) CHARACTER SET latin1 NULL,
          `text_latin1` TEXT CHARACTER SET latin1 NULL,
          `binary_8` BINARY(8) NULL,
          `varbinary_64` VARBINARY(64) NULL,
          `mediumblob_value` MEDIUMBLOB NULL,
          `date_value` DATE NULL,
          `datetime_0` DATETIME NULL,
          `datetime_6` DATETIME(6) NULL,
          `timestamp_0` TIMESTAMP NULL DEFAULT NULL,
          `timestamp_6` TIMESTAMP(6) NULL DEFAULT NULL,
          `time_0` TIME NULL,
          `time_6` TIME(6) NULL,
          `year_value` YEAR NULL,
          `enum_value` ENUM('red','green','blue','grün') NULL,
          `set_value` SET('read','write','admin') NULL,
          `json_value` JSON NULL,
          `point_value` POINT NULL,
          `polygon_value` POLYGON NULL,
          `nullable_text` VARCHAR(20) NULL
        ) ENGINE=InnoDB
        """
            .formatted(db));
    try (Statement s = c.createStatement()) {
      // Zero dates.
      insertEveryTypeRow(s, db, 1,
          "date_value = '0000-00-00'",
          "datetime_0 = '0000-00-00 00:00:00'",
          "datetime_6 = '0000-00-00 00:00:00.000000'",
          "timestamp_0 = '0000-00-00 00:00:00'",
          "timestamp_6 = '0000-00-00 00:00:00.000000'",
          "nullable_text = 'NULL'");
      setSession(c, "sql_mode", SQL_MODE);

      // Every type at its minimum.
      insertEveryTypeRow(s, db, 2,
          "tinyint_signed = -128",
          "tinyint_unsigned = 0",
          "smallint_signed = -32768",
          "smallint_unsigned = 0",
          "mediumint_signed = -8388608",
          "mediumint_unsigned = 0",
          "int_signed = -2147483648",
          "int_unsigned = 0",
          "bigint_signed = -9223372036854775808",
          "bigint_unsigned = 0",
          "decimal_65_30 = -" + "9".repeat(35) + "." + "9".repeat(30),
          // FLOAT's limit as a double: MariaDB refuses Java's 3.4028235e38 as out of range.
          "float_value = -3.4028234663852886e38",
          "double_value = -1.7976931348623157e308",
          "bit_1 = b'0'",
          "bit_17 = b'0'",
          "bit_64 = b'0'",
          "date_value = '1000-01-01'",
          "datetime_0 = '1000-01-01 00:00:00'",
          "datetime_6 = '1000-01-01 00:00:00.000000'",
          "timestamp_0 = '1970-01-01 00:00:01'",
          "timestamp_6 = '1970-01-01 00:00:01.000000'",
          "time_0 = '-838:59:59'",
          "time_6 = '-838:59:59.000000'",
          "year_value = 1901",
          "enum_value = 'red'",
          "set_value = ''",
          "nullable_text = 'minimum'");
      // Every type at its maximum.
      insertEveryTypeRow(s, db, 3,
          "tinyint_signed = 127",
          "tinyint_unsigned = 255",
          "smallint_signed = 32767",
          "smallint_unsigned = 65535",
          "mediumint_signed = 8388607",
          "mediumint_unsigned = 16777215",
          "int_signed = 2147483647",
          "int_unsigned = 4294967295",
          "bigint_signed = 9223372036854775807",
          "bigint_unsigned = 18446744073709551615",
          "decimal_65_30 = " + "9".repeat(35) + "." + "9".repeat(30),
          "float_value = 3.4028234663852886e38",
          "double_value = 1.7976931348623157e308",
          "bit_1 = b'1'",
          "bit_17 = b'" + "1".repeat(17) + "'",
          "bit_64 = b'" + "1".repeat(64) + "'",
          "date_value = '9999-12-31'",
          "datetime_0 = '9999-12-31 23:59:59'",
          "datetime_6 = '9999-12-31 23:59:59.999999'",
          "timestamp_0 = '2038-01-19 03:14:07'",
          "timestamp_6 = '2038-01-19 03:14:07.999999'",
          "time_0 = '838:59:59'",
          "time_6 = '838:59:59.000000'",
          "year_value = 2155",
          "enum_value = 'grün'",
          "set_value = 'read,write,admin'",
          "nullable_text = 'maximum'");
      // Zeros and empty values, which are not NULL.
      insertEveryTypeRow(s, db, 4,
          "tinyint_signed = 0",
          "tinyint_unsigned = 0",
          "smallint_signed = 0",
          "smallint_unsigned = 0",
          "mediumint_signed = 0",
          "mediumint_unsigned = 0",
          "int_signed = 0",
          "int_unsigned = 0",
          "bigint_signed = 0",
          "bigint_unsigned = 0",
          "decimal_65_30 = 0",
          "float_value = 0",
          "double_value = 0",
          "bit_1 = b'0'",
          "bit_17 = b'0'",
          "bit_64 = b'0'",
          "char_utf8mb4 = ''",
          "varchar_utf8mb4 = ''",
          "text_utf8mb4 = ''",
          "char_latin1 = ''",
          "varchar_latin1 = ''",
          "text_latin1 = ''",
          // BINARY pads the empty value to eight zero bytes.
          "binary_8 = X''",
          "varbinary_64 = X''",
          "mediumblob_value = X''",
          "time_0 = '00:00:00'",
          "time_6 = '00:00:00.000000'",
          // The number 0 is the year 0000; the string '0' would be 2000.
          "year_value = 0",
          "set_value = ''",
          "json_value = '[]'",
          "nullable_text = ''");
      // NULL in every column.
      insertEveryTypeRow(s, db, 5);
      // Stored as the nearest binary fraction, not as written.
      insertEveryTypeRow(s, db, 6,
          "decimal_65_30 = 0.1",
          "float_value = 0.1",
          "double_value = 0.1");
      // The smallest normal magnitudes, and DECIMAL's smallest step.
      insertEveryTypeRow(s, db, 7,
          "decimal_65_30 = 0." + "0".repeat(29) + "1",
          "float_value = -1.17549435e-38",
          "double_value = -2.2250738585072014e-308");
      // FLOAT prints 123457 with 6 digits; 0.1+0.2 needs 17.
      insertEveryTypeRow(s, db, 8,
          "decimal_65_30 = -0." + "0".repeat(29) + "1",
          "float_value = 123456.789",
          "double_value = 0.30000000000000004");
      // Integers past the mantissa: FLOAT keeps 16777216, DOUBLE 2^53.
      insertEveryTypeRow(s, db, 9,
          "decimal_65_30 = 12345678901234567890123456789012345.123456789012345678901234567890",
          "float_value = 16777217",
          "double_value = 9007199254740993");
      // More digits than FLOAT's and DOUBLE's default display.
      insertEveryTypeRow(s, db, 10,
          "float_value = 3.1415927",
          "double_value = 3.141592653589793");
      // The smallest subnormals.
      insertEveryTypeRow(s, db, 11,
          "float_value = 1.4e-45",
          "double_value = 4.9e-324");
      // Text in utf8mb4, with 4-byte characters.
      insertEveryTypeRow(s, db, 12,
          "char_utf8mb4 = '😀🎉𝄞𠜎'",
          // VARCHAR keeps trailing spaces; a restore that trims them changes the row.
          "varchar_utf8mb4 = 'Zoë, Łódź, 日本語, 𠜎, 👩‍💻 and trailing spaces   '",
          "text_utf8mb4 = 'Line one\\nLine two\\r\\n\\ttab, \\'quote\\', \"double\", back\\\\slash,"
              + " NUL:\\0:, combining e\u0301, emoji 🦄🏳️‍🌈'",
          "nullable_text = 'utf8mb4'");
      // Latin1 bytes, given as bytes so no client conversion happens.
      insertEveryTypeRow(s, db, 13,
          "char_latin1 = X'E9FF'",
          // 0x81 and 0x8D are unassigned in cp1252, which MariaDB's latin1 really is.
          "varchar_latin1 = X'436166E920818D20FF'",
          "text_latin1 = X'80818D8F909DA0E9FF0A4CE0'",
          "nullable_text = 'latin1'");
      // Trailing zero bytes that are part of the value.
      insertEveryTypeRow(s, db, 14,
          "binary_8 = X'01020304'",
          "varbinary_64 = X'00000000'",
          "nullable_text = 'zero bytes'");
      insertEveryTypeRow(s, db, 15,
          "binary_8 = X'FFFFFFFFFFFFFF00'",
          "varbinary_64 = X'00FF80610D0A00'",
          "nullable_text = 'high bytes'");
      // Times past a day and before zero.
      insertEveryTypeRow(s, db, 16,
          "datetime_6 = '2024-02-29 23:59:59.999999'",
          "timestamp_6 = '2024-02-29 12:00:00.000001'",
          "time_0 = '100:00:00'",
          "time_6 = '100:00:00.5'",
          "date_value = '2000-02-29'");
      insertEveryTypeRow(s, db, 17,
          "datetime_0 = '1969-12-31 23:59:59'",
          "timestamp_0 = '2000-01-01 00:00:00'",
          "time_0 = '-00:00:01'",
          "time_6 = '-00:00:00.000001'");
      // JSON text and geometry.
      insertEveryTypeRow(s, db, 18,
          "json_value = '{\"name\": \"Zoë 😀\", \"list\": [1, 2.5, -0, 1e308, null, true],"
              + " \"nested\": {\"empty\": \"\"}}'",
          "point_value = ST_GeomFromText('POINT(1.5 -2.25)')",
          // A square with a square hole.
          "polygon_value = ST_GeomFromText("
              + "'POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 3, 3 3, 3 2, 2 2))')",
          "enum_value = 'blue'",
          "set_value = 'read,admin'");
      // JSON null is a value, unlike SQL NULL.
      insertEveryTypeRow(s, db, 19,
          "json_value = 'null'",
          "point_value = ST_GeomFromText('POINT(0 0)')",
          "polygon_value = ST_GeomFromText('POLYGON((0 0, 1 0, 0 1, 0 0))')",
          // The marker LOAD DATA and mysqldump's tab format use for NULL.
          "nullable_text = '\\\\N'");
      // An ordinary row, every column set.
      insertEveryTypeRow(s, db, 20,
          "tinyint_signed = -7",
          "tinyint_unsigned = 7",
          "smallint_signed = -1234",
          "smallint_unsigned = 1234",
          "mediumint_signed = -123456",
          "mediumint_unsigned = 123456",
          "int_signed = -12345678",
          "int_unsigned = 12345678",
          "bigint_signed = -1234567890123",
          "bigint_unsigned = 1234567890123",
          "decimal_65_30 = 19.990000000000000000000000000001",
          "float_value = 2.5",
          "double_value = 2.5",
          "bit_1 = b'1'",
          "bit_17 = b'10000000000000001'",
          "bit_64 = b'1" + "0".repeat(63) + "'",
          "char_utf8mb4 = 'Ærø'",
          "varchar_utf8mb4 = 'Grüße'",
          "text_utf8mb4 = 'Schöne Grüße 😀'",
          "char_latin1 = 'abc'",
          "varchar_latin1 = 'Café'",
          "text_latin1 = 'Crème brûlée'",
          "binary_8 = X'0011223344556677'",
          "varbinary_64 = X'CAFEBABE'",
          "mediumblob_value = X'00010203'",
          "date_value = '2024-06-07'",
          "datetime_0 = '2024-06-07 08:09:10'",
          "datetime_6 = '2024-06-07 08:09:10.123456'",
          "timestamp_0 = '2024-06-07 08:09:10'",
          "timestamp_6 = '2024-06-07 08:09:10.654321'",
          "time_0 = '08:09:10'",
          "time_6 = '08:09:10.000001'",
          "year_value = 2024",
          "enum_value = 'green'",
          "set_value = 'write'",
          "json_value = '{\"a\": 1}'",
          "point_value = ST_GeomFromText('POINT(13.4 52.5)')",
          "polygon_value = ST_GeomFromText('POLYGON((0 0, 2 0, 2 2, 0 2, 0 0))')",
          "nullable_text = 'ordinary'");
    }
    // A value too large to inline comfortably, through a parameter.
    try (PreparedStatement insert =
        c.prepareStatement(
            "INSERT INTO " + db + "." + quote("every_type") + " (" + quote("id") + ", "
                + quote("mediumblob_value") + ", " + quote("nullable_text") + ")"
                + " VALUES (21, ?, '2 MB blob')")) {
      byte[] blob = new byte[BLOB_BYTES];
      new Random(SEED).nextBytes(blob);
      insert.setBytes(1, blob);
      insert.executeUpdate();
    }
  }

  /** Inserts one every_type row: its id and {@code column = SQL literal} assignments. */
  private static void insertEveryTypeRow(Statement s, String db, int id, String... assignments)
      throws SQLException {
    StringBuilder sql = new StringBuilder(
        "INSERT INTO " + db + "." + quote("every_type") + " SET id = " + id);
    for (String assignment : assignments) {
      sql.append(", ").append(assignment);
    }
    s.executeUpdate(sql.toString());
  }

  private static String quote(String identifier) {
    return MySqlDialect.INSTANCE.quote(identifier);
  }

  private static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void setSession(Connection c, String variable, String value) throws SQLException {
    try (PreparedStatement set = c.prepareStatement("SET SESSION " + variable + " = ?")) {
      set.setString(1, value);
      set.execute();
    }
  }

  private static String selectString(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  /**
   * Rows sent as one multi-row INSERT per flush. Connector/J sends a JDBC batch one row per round
   * trip unless the connection has rewriteBatchedStatements: about 10 s instead of 2 s at 100_000.
   */
  private static final class MultiRowInsert {
    private final Connection c;
    private final String insertInto;
    private final String row;
    private final List<Object[]> rows = new ArrayList<>();

    MultiRowInsert(Connection c, String db, String table, String... columns) {
      this.c = c;
      List<String> quoted = new ArrayList<>();
      for (String column : columns) {
        quoted.add(quote(column));
      }
      this.insertInto =
          "INSERT INTO " + db + "." + quote(table) + " (" + String.join(", ", quoted) + ")";
      this.row = "(" + String.join(", ", Collections.nCopies(columns.length, "?")) + ")";
    }

    void add(Object... values) {
      rows.add(values);
    }

    void flush() throws SQLException {
      if (rows.isEmpty()) {
        return;
      }
      String sql =
          insertInto + " VALUES " + String.join(", ", Collections.nCopies(rows.size(), row));
      try (PreparedStatement insert = c.prepareStatement(sql)) {
        int parameter = 1;
        for (Object[] values : rows) {
          for (Object value : values) {
            insert.setObject(parameter++, value);
          }
        }
        insert.executeUpdate();
      }
      rows.clear();
    }
  }
}
