package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kinds of databases DBAs test dump tools with, each its own small database, created on the
 * source, backed up once (small chunks) and restored into an emptied target, on the DirectRunner
 * and on FlinkRunner [local] with parallelism 2. Each database must come back as the source has
 * it: the catalog's object lists, CHECKSUM TABLE EXTENDED and SHOW CREATE of every object
 * ({@link SameAsSource}).
 */
class FidelityIT {
  private static final Map<String, List<String>> CASES = new LinkedHashMap<>();

  static {
    CASES.put("fi_odd_names", List.of(
        "CREATE DATABASE fi_odd_names",
        "CREATE TABLE fi_odd_names.`x_%` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`x_*` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`x_?` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`x_.` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`a.b` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`a/b` (id INT PRIMARY KEY, v VARCHAR(10))",
        "CREATE TABLE fi_odd_names.`x_` (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO fi_odd_names.`x_%` VALUES (1, 'percent'), (2, '%')",
        "INSERT INTO fi_odd_names.`x_*` VALUES (1, 'star')",
        "INSERT INTO fi_odd_names.`x_?` VALUES (1, 'question')",
        "INSERT INTO fi_odd_names.`x_.` VALUES (1, 'dot')",
        "INSERT INTO fi_odd_names.`a.b` VALUES (1, 'a dot b'), (2, 'x')",
        "INSERT INTO fi_odd_names.`a/b` VALUES (1, 'a slash b')",
        "INSERT INTO fi_odd_names.`x_` VALUES (1, 'plain')",
        "CREATE VIEW fi_odd_names.`v.a.b` AS SELECT id, v FROM fi_odd_names.`a.b`"));

    CASES.put("fi_binary_key", List.of(
        "CREATE DATABASE fi_binary_key",
        "CREATE TABLE fi_binary_key.tokens (id BINARY(16) PRIMARY KEY, n INT NOT NULL)",
        "INSERT INTO fi_binary_key.tokens SELECT RANDOM_BYTES(16), seq FROM seq_1_to_300",
        "INSERT INTO fi_binary_key.tokens VALUES (REPEAT(0x00, 16), -1), (REPEAT(0xFF, 16), -2),"
            + " (0x5C27220A0D0900000000000000000000, -3), (0x00000000000000000000000000005C5C, -4)"));

    List<String> caseKey = new ArrayList<>(List.of(
        "CREATE DATABASE fi_case_key",
        "CREATE TABLE fi_case_key.codes (code CHAR(10) CHARACTER SET latin1 COLLATE latin1_bin"
            + " PRIMARY KEY, n INT)"));
    // Every upper and lower case spelling of "abcdef": 64 keys that differ only in case.
    StringBuilder codes = new StringBuilder("INSERT INTO fi_case_key.codes VALUES ");
    for (int mask = 0; mask < 64; mask++) {
      StringBuilder code = new StringBuilder();
      for (int i = 0; i < 6; i++) {
        char c = "abcdef".charAt(i);
        code.append((mask & (1 << i)) != 0 ? Character.toUpperCase(c) : c);
      }
      codes.append(mask == 0 ? "" : ", ").append("('").append(code).append("', ").append(mask)
          .append(")");
    }
    caseKey.add(codes.toString());
    caseKey.add("INSERT INTO fi_case_key.codes VALUES ('a', 100), ('A', 101), ('aa', 102)");
    CASES.put("fi_case_key", caseKey);

    CASES.put("fi_prefix_index", List.of(
        "CREATE DATABASE fi_prefix_index",
        "CREATE TABLE fi_prefix_index.docs (id INT PRIMARY KEY, title VARCHAR(200), body TEXT,"
            + " tag VARBINARY(100), KEY k_title (title(10)), UNIQUE KEY u_body (body(40)),"
            + " KEY k_multi (title(5), id), KEY k_tag (tag(3)))",
        "INSERT INTO fi_prefix_index.docs SELECT seq, CONCAT('title number ', seq),"
            + " CONCAT(seq, ' ', REPEAT('body ', 20)), UNHEX(HEX(seq)) FROM seq_1_to_120"));

    CASES.put("fi_foreign_key", List.of(
        "CREATE DATABASE fi_foreign_key",
        "CREATE TABLE fi_foreign_key.customers (id INT PRIMARY KEY, name VARCHAR(20))",
        "CREATE TABLE fi_foreign_key.orders (id INT PRIMARY KEY, customer_id INT, total INT,"
            + " CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES"
            + " fi_foreign_key.customers (id) ON DELETE CASCADE ON UPDATE SET NULL)",
        "INSERT INTO fi_foreign_key.customers SELECT seq, CONCAT('c', seq) FROM seq_1_to_50",
        "INSERT INTO fi_foreign_key.orders SELECT seq, 1 + seq % 50, seq * 3 FROM seq_1_to_90"));

    CASES.put("fi_fk_chain", List.of(
        "CREATE DATABASE fi_fk_chain",
        "CREATE TABLE fi_fk_chain.a (id INT PRIMARY KEY)",
        "CREATE TABLE fi_fk_chain.b (id INT PRIMARY KEY, a_id INT NOT NULL,"
            + " FOREIGN KEY (a_id) REFERENCES fi_fk_chain.a (id))",
        "CREATE TABLE fi_fk_chain.c (id INT PRIMARY KEY, b_id INT NOT NULL,"
            + " FOREIGN KEY (b_id) REFERENCES fi_fk_chain.b (id))",
        "CREATE TABLE fi_fk_chain.d (id INT PRIMARY KEY, c_id INT NOT NULL,"
            + " FOREIGN KEY (c_id) REFERENCES fi_fk_chain.c (id))",
        // A manager is a later row than the employee: rows load in key order, checks off.
        "CREATE TABLE fi_fk_chain.employees (id INT PRIMARY KEY, manager_id INT,"
            + " FOREIGN KEY (manager_id) REFERENCES fi_fk_chain.employees (id))",
        "INSERT INTO fi_fk_chain.a SELECT seq FROM seq_1_to_10",
        "INSERT INTO fi_fk_chain.b SELECT seq, 1 + seq % 10 FROM seq_1_to_30",
        "INSERT INTO fi_fk_chain.c SELECT seq, 1 + seq % 30 FROM seq_1_to_60",
        "INSERT INTO fi_fk_chain.d SELECT seq, 1 + seq % 60 FROM seq_1_to_90",
        "INSERT INTO fi_fk_chain.employees VALUES (100, NULL)",
        "INSERT INTO fi_fk_chain.employees SELECT 100 - seq, 101 - seq FROM seq_1_to_99"));

    CASES.put("fi_view_on_view", List.of(
        "CREATE DATABASE fi_view_on_view",
        "CREATE TABLE fi_view_on_view.z_lines (id INT PRIMARY KEY, qty INT, price DECIMAL(8,2))",
        "INSERT INTO fi_view_on_view.z_lines SELECT seq, seq % 7, seq / 3 FROM seq_1_to_50",
        // Alphabetical order is the wrong order: each view reads one later in the alphabet.
        "CREATE VIEW fi_view_on_view.m_amounts AS SELECT id, qty * price AS amount"
            + " FROM fi_view_on_view.z_lines",
        "CREATE VIEW fi_view_on_view.b_big AS SELECT id, amount FROM fi_view_on_view.m_amounts"
            + " WHERE amount > 10",
        "CREATE VIEW fi_view_on_view.a_total AS SELECT COUNT(*) AS n, SUM(amount) AS total"
            + " FROM fi_view_on_view.b_big JOIN fi_view_on_view.m_amounts USING (id, amount)"));

    CASES.put("fi_view_function", List.of(
        "CREATE DATABASE fi_view_function",
        "CREATE TABLE fi_view_function.items (id INT PRIMARY KEY, price DECIMAL(8,2))",
        "INSERT INTO fi_view_function.items VALUES (1, 10.00), (2, 2.50)",
        "CREATE FUNCTION fi_view_function.z_tax(p DECIMAL(8,2)) RETURNS DECIMAL(8,2)"
            + " DETERMINISTIC RETURN p * 1.2",
        "CREATE VIEW fi_view_function.a_priced AS SELECT id, fi_view_function.z_tax(price) AS"
            + " gross, fi_view_function.z_tax(2) AS two FROM fi_view_function.items",
        "CREATE VIEW fi_view_function.a_summary AS SELECT SUM(gross) AS gross"
            + " FROM fi_view_function.a_priced",
        // A function of a database restored after this one.
        "CREATE VIEW fi_view_function.b_other AS SELECT fi_only_routines.answer() AS answer"));

    CASES.put("fi_trigger", List.of(
        "CREATE DATABASE fi_trigger",
        "CREATE TABLE fi_trigger.names (id INT PRIMARY KEY, name VARCHAR(20), len INT)",
        "CREATE TRIGGER fi_trigger.names_bi BEFORE INSERT ON fi_trigger.names FOR EACH ROW"
            + " SET NEW.name = UPPER(NEW.name), NEW.len = CHAR_LENGTH(NEW.name)",
        "CREATE TRIGGER fi_trigger.names_bi2 BEFORE INSERT ON fi_trigger.names FOR EACH ROW"
            + " FOLLOWS names_bi SET NEW.len = NEW.len * 10",
        "INSERT INTO fi_trigger.names (id, name) VALUES (1, 'ann'), (2, 'bob')",
        // Rows the trigger did not shape: a restored row must stay as it is.
        "UPDATE fi_trigger.names SET name = 'lower', len = 0 WHERE id = 2"));

    CASES.put("fi_trigger_other_table", List.of(
        "CREATE DATABASE fi_trigger_other_table",
        "CREATE TABLE fi_trigger_other_table.orders (id INT PRIMARY KEY, total INT)",
        "CREATE TABLE fi_trigger_other_table.audit (n INT AUTO_INCREMENT PRIMARY KEY,"
            + " order_id INT, what VARCHAR(10))",
        "CREATE TABLE fi_trigger_other_table.counts (k VARCHAR(10) PRIMARY KEY, n INT)",
        "INSERT INTO fi_trigger_other_table.counts VALUES ('orders', 0)",
        "CREATE TRIGGER fi_trigger_other_table.orders_ai AFTER INSERT ON"
            + " fi_trigger_other_table.orders FOR EACH ROW BEGIN"
            + " INSERT INTO fi_trigger_other_table.audit (order_id, what) VALUES (NEW.id, 'insert');"
            + " UPDATE fi_trigger_other_table.counts SET n = n + 1 WHERE k = 'orders'; END",
        "CREATE TRIGGER fi_trigger_other_table.orders_au AFTER UPDATE ON"
            + " fi_trigger_other_table.orders FOR EACH ROW"
            + " INSERT INTO fi_trigger_other_table.audit (order_id, what) VALUES (NEW.id, 'update')",
        "INSERT INTO fi_trigger_other_table.orders SELECT seq, seq * 10 FROM seq_1_to_40",
        "UPDATE fi_trigger_other_table.orders SET total = total + 1 WHERE id <= 5"));

    CASES.put("fi_function", List.of(
        "CREATE DATABASE fi_function",
        "CREATE TABLE fi_function.rates (code CHAR(3) PRIMARY KEY, rate DECIMAL(6,4))",
        "INSERT INTO fi_function.rates VALUES ('EUR', 1.0000), ('USD', 1.0850)",
        "CREATE FUNCTION fi_function.convert_to(amount DECIMAL(10,2), currency CHAR(3))"
            + " RETURNS DECIMAL(10,2) READS SQL DATA COMMENT 'converts from EUR'"
            + " RETURN amount * (SELECT rate FROM fi_function.rates WHERE code = currency)",
        "CREATE FUNCTION fi_function.greeting(who VARCHAR(20) CHARACTER SET latin1)"
            + " RETURNS VARCHAR(40) CHARSET utf8mb4 DETERMINISTIC NO SQL"
            + " RETURN CONCAT('hello, ', who, ' – ', 'ok')"));

    CASES.put("fi_procedures", List.of(
        "CREATE DATABASE fi_procedures",
        "CREATE TABLE fi_procedures.log (id INT AUTO_INCREMENT PRIMARY KEY, msg VARCHAR(40))",
        "INSERT INTO fi_procedures.log (msg) VALUES ('first'), ('second')",
        "CREATE PROCEDURE fi_procedures.add_log(IN m VARCHAR(40), OUT new_id INT)"
            + " MODIFIES SQL DATA BEGIN INSERT INTO fi_procedures.log (msg) VALUES (m);"
            + " SET new_id = LAST_INSERT_ID(); END",
        "CREATE PROCEDURE fi_procedures.count_logs(INOUT n INT) READS SQL DATA"
            + " SQL SECURITY INVOKER BEGIN DECLARE c INT DEFAULT 0;"
            + " DECLARE done INT DEFAULT 0; DECLARE cur CURSOR FOR SELECT id FROM fi_procedures.log;"
            + " DECLARE CONTINUE HANDLER FOR NOT FOUND SET done = 1; OPEN cur;"
            + " l: LOOP FETCH cur INTO c; IF done THEN LEAVE l; END IF; SET n = n + 1;"
            + " END LOOP; CLOSE cur; END",
        "CREATE PROCEDURE fi_procedures.twice() BEGIN CALL fi_procedures.add_log('a', @x);"
            + " CALL fi_procedures.add_log('b', @x); END"));

    CASES.put("fi_empty", List.of(
        "CREATE DATABASE fi_empty CHARACTER SET latin1 COLLATE latin1_german2_ci"));

    CASES.put("fi_partitions", List.of(
        "CREATE DATABASE fi_partitions",
        "CREATE TABLE fi_partitions.by_year (id INT NOT NULL, y INT NOT NULL, v VARCHAR(10),"
            + " PRIMARY KEY (id, y)) PARTITION BY RANGE (y) (PARTITION p2020 VALUES LESS THAN"
            + " (2021), PARTITION p2021 VALUES LESS THAN (2022), PARTITION pmax VALUES LESS THAN"
            + " MAXVALUE)",
        "CREATE TABLE fi_partitions.by_hash (id INT PRIMARY KEY, v INT) PARTITION BY HASH (id)"
            + " PARTITIONS 4",
        "CREATE TABLE fi_partitions.by_list (id INT NOT NULL, region CHAR(2) NOT NULL,"
            + " PRIMARY KEY (id, region)) PARTITION BY LIST COLUMNS (region) (PARTITION eu VALUES"
            + " IN ('de', 'fr'), PARTITION us VALUES IN ('us'), PARTITION other VALUES IN ('jp'))",
        "INSERT INTO fi_partitions.by_year SELECT seq, 2019 + seq % 5, CONCAT('v', seq)"
            + " FROM seq_1_to_100",
        "INSERT INTO fi_partitions.by_hash SELECT seq, seq * seq FROM seq_1_to_70",
        "INSERT INTO fi_partitions.by_list SELECT seq, ELT(1 + seq % 4, 'de', 'fr', 'us', 'jp')"
            + " FROM seq_1_to_60"));

    CASES.put("fi_myisam", List.of(
        "CREATE DATABASE fi_myisam",
        "CREATE TABLE fi_myisam.notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT,"
            + " FULLTEXT KEY ft_body (body)) ENGINE=MyISAM",
        "CREATE TABLE fi_myisam.keyless (v VARCHAR(10), n INT) ENGINE=MyISAM",
        "INSERT INTO fi_myisam.notes (body) SELECT CONCAT('note about ', seq, ' things')"
            + " FROM seq_1_to_80",
        "DELETE FROM fi_myisam.notes WHERE id > 75",
        "INSERT INTO fi_myisam.keyless VALUES ('same', 1), ('same', 1), (NULL, NULL)"));

    CASES.put("fi_timestamp_on_update", List.of(
        "CREATE DATABASE fi_timestamp_on_update",
        "CREATE TABLE fi_timestamp_on_update.rows_seen (id INT PRIMARY KEY, v INT,"
            + " changed TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,"
            + " changed6 TIMESTAMP(6) NULL DEFAULT NULL ON UPDATE CURRENT_TIMESTAMP(6),"
            + " touched DATETIME DEFAULT '2000-01-01 00:00:00' ON UPDATE CURRENT_TIMESTAMP)",
        "INSERT INTO fi_timestamp_on_update.rows_seen VALUES"
            + " (1, 1, '2001-02-03 04:05:06', '2001-02-03 04:05:06.123456', '1999-12-31 23:59:59'),"
            + " (2, 2, '2038-01-19 03:14:07', NULL, NULL),"
            + " (3, 3, '1970-01-01 00:00:01', '1970-01-01 00:00:01.000001', DEFAULT)"));

    CASES.put("fi_blobs", List.of(
        "CREATE DATABASE fi_blobs",
        "CREATE TABLE fi_blobs.files (id INT PRIMARY KEY, tiny TINYBLOB, plain BLOB,"
            + " medium MEDIUMBLOB, big LONGBLOB, txt LONGTEXT)",
        "INSERT INTO fi_blobs.files VALUES (1, '', '', '', '', ''),"
            + " (2, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO fi_blobs.files SELECT 2 + seq, RANDOM_BYTES(200), RANDOM_BYTES(1000),"
            + " REPEAT(RANDOM_BYTES(1000), 300), REPEAT(RANDOM_BYTES(1000), 1000),"
            + " REPEAT('text ünïcödé ', 1000) FROM seq_1_to_4",
        "INSERT INTO fi_blobs.files (id, plain) SELECT 100, GROUP_CONCAT(CHAR(seq) ORDER BY seq"
            + " SEPARATOR '') FROM seq_0_to_255"));

    CASES.put("fi_only_routines", List.of(
        "CREATE DATABASE fi_only_routines CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        "CREATE FUNCTION fi_only_routines.answer() RETURNS INT DETERMINISTIC RETURN 42",
        "CREATE PROCEDURE fi_only_routines.say(IN what TEXT) SELECT what AS said"));

    CASES.put("fi_invoker_view", List.of(
        "CREATE DATABASE fi_invoker_view",
        "CREATE TABLE fi_invoker_view.secrets (id INT PRIMARY KEY, s VARCHAR(20))",
        "INSERT INTO fi_invoker_view.secrets VALUES (1, 'a'), (2, 'b')",
        "CREATE SQL SECURITY INVOKER VIEW fi_invoker_view.as_caller AS SELECT id, s"
            + " FROM fi_invoker_view.secrets",
        "CREATE ALGORITHM=MERGE SQL SECURITY DEFINER VIEW fi_invoker_view.checked AS"
            + " SELECT id, s FROM fi_invoker_view.secrets WHERE id > 0 WITH CASCADED CHECK OPTION",
        "CREATE ALGORITHM=TEMPTABLE SQL SECURITY INVOKER VIEW fi_invoker_view.counted AS"
            + " SELECT COUNT(*) AS n FROM fi_invoker_view.as_caller"));

    CASES.put("fi_view_collations", List.of(
        "CREATE DATABASE fi_view_collations CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci",
        "CREATE TABLE fi_view_collations.people (id INT PRIMARY KEY,"
            + " name VARCHAR(20) CHARACTER SET latin1 COLLATE latin1_swedish_ci,"
            + " code VARCHAR(10) COLLATE utf8mb4_bin)",
        "INSERT INTO fi_view_collations.people VALUES (1, 'Åsa', 'AbC'), (2, 'bo', 'abc')",
        "CREATE VIEW fi_view_collations.collated AS SELECT id, name COLLATE latin1_general_cs AS"
            + " name_cs, CONVERT(code USING ascii) AS code_ascii, code COLLATE utf8mb4_general_ci"
            + " AS code_ci, _latin1'x' COLLATE latin1_german2_ci AS de FROM"
            + " fi_view_collations.people",
        // A view defined by a client talking latin1: its character_set_client comes back too.
        "SET NAMES latin1 COLLATE latin1_danish_ci",
        "CREATE VIEW fi_view_collations.latin1_client AS SELECT id, 'plain text' AS t"
            + " FROM fi_view_collations.people",
        "SET NAMES utf8mb4"));

    List<String> hundred = new ArrayList<>(List.of("CREATE DATABASE fi_hundred_tables"));
    for (int i = 0; i < 100; i++) {
      String t = String.format(Locale.ROOT, "fi_hundred_tables.t_%03d", i);
      hundred.add("CREATE TABLE " + t + " (id INT PRIMARY KEY, v VARCHAR(10))");
      hundred.add("INSERT INTO " + t + " SELECT seq, CONCAT('r', seq * " + i + ") FROM seq_1_to_"
          + (1 + i % 3));
    }
    CASES.put("fi_hundred_tables", hundred);

    CASES.put("fi_mixed_collations", List.of(
        "CREATE DATABASE fi_mixed_collations CHARACTER SET latin1 COLLATE latin1_swedish_ci",
        "CREATE TABLE fi_mixed_collations.words (id INT PRIMARY KEY,"
            + " l1 VARCHAR(20), l2 VARCHAR(20) CHARACTER SET latin2 COLLATE latin2_czech_cs,"
            + " u8 VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci,"
            + " u8bin VARCHAR(20) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin,"
            + " u16 VARCHAR(20) CHARACTER SET utf16 COLLATE utf16_general_ci,"
            + " asc_bin VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin,"
            + " u3 VARCHAR(20) CHARACTER SET utf8mb3 COLLATE utf8mb3_general_ci)",
        "CREATE TABLE fi_mixed_collations.other_default (id INT PRIMARY KEY, s VARCHAR(10))"
            + " DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_spanish_ci",
        "INSERT INTO fi_mixed_collations.words VALUES"
            + " (1, 'café', 'žluťoučký', 'ÆØÅ ß', 'ß', '😀 utf16', 'ascii', 'ünï'),"
            + " (2, 'A', 'a', 'a', 'A', 'a', 'A', 'a'), (3, NULL, NULL, NULL, NULL, NULL, NULL, NULL)",
        "INSERT INTO fi_mixed_collations.other_default VALUES (1, 'ñandú'), (2, 'llama')"));

    CASES.put("fi.dotted", List.of(
        "CREATE DATABASE `fi.dotted`",
        "CREATE TABLE `fi.dotted`.`t.1` (id INT PRIMARY KEY, v VARCHAR(10))",
        "INSERT INTO `fi.dotted`.`t.1` VALUES (1, 'one'), (2, 'two')",
        "CREATE FUNCTION `fi.dotted`.`f.1`(x INT) RETURNS INT DETERMINISTIC RETURN x + 1",
        "CREATE VIEW `fi.dotted`.`v.1` AS SELECT id, `fi.dotted`.`f.1`(id) AS next"
            + " FROM `fi.dotted`.`t.1`",
        "CREATE TRIGGER `fi.dotted`.`tr.1` BEFORE INSERT ON `fi.dotted`.`t.1` FOR EACH ROW"
            + " SET NEW.v = LOWER(NEW.v)"));

    CASES.put("fi_event", List.of(
        "CREATE DATABASE fi_event",
        "CREATE TABLE fi_event.ticks (id INT AUTO_INCREMENT PRIMARY KEY, at DATETIME)",
        "INSERT INTO fi_event.ticks (at) VALUES ('2020-01-01 00:00:00')",
        "CREATE EVENT fi_event.hourly ON SCHEDULE EVERY 1 HOUR STARTS '2037-01-01 00:00:00'"
            + " ON COMPLETION PRESERVE DISABLE COMMENT 'not yet'"
            + " DO INSERT INTO fi_event.ticks (at) VALUES (NOW())",
        "CREATE EVENT fi_event.once ON SCHEDULE AT '2037-06-01 00:00:00' ON COMPLETION PRESERVE"
            + " ENABLE DO DELETE FROM fi_event.ticks WHERE at < '2000-01-01'"));

    CASES.put("fi_sparse_keys", List.of(
        "CREATE DATABASE fi_sparse_keys",
        "CREATE TABLE fi_sparse_keys.readings (region VARCHAR(8) NOT NULL, id BIGINT NOT NULL,"
            + " day DATE NOT NULL, v DOUBLE, PRIMARY KEY (region, id, day))",
        "INSERT INTO fi_sparse_keys.readings SELECT ELT(1 + seq % 3, '', 'eu', 'us-west'),"
            + " CAST(seq * seq * 1000003 AS SIGNED) - 500000000000,"
            + " '2020-01-01' + INTERVAL ((seq * 37) % 900) DAY,"
            + " seq / 7 FROM seq_1_to_150",
        "INSERT INTO fi_sparse_keys.readings VALUES ('eu', -9223372036854775808, '1000-01-01', 0),"
            + " ('eu', 9223372036854775807, '9999-12-31', NULL), ('eu', 0, '2020-01-01', -0.0)"));

    CASES.put("fi_uuid_keys", List.of(
        "CREATE DATABASE fi_uuid_keys",
        "CREATE TABLE fi_uuid_keys.things (id UUID PRIMARY KEY, other UUID NULL, n INT)",
        "INSERT INTO fi_uuid_keys.things SELECT UUID(), IF(seq % 2, UUID(), NULL), seq"
            + " FROM seq_1_to_150",
        "INSERT INTO fi_uuid_keys.things VALUES ('00000000-0000-0000-0000-000000000000', NULL, -1),"
            + " ('ffffffff-ffff-ffff-ffff-ffffffffffff', '12345678-9abc-4ef0-9234-56789abcdef0', -2)"));
  }

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static String set;

  @BeforeAll
  static void createEveryCaseAndBackUpOnce() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    String[] databases = CASES.keySet().toArray(String[]::new);
    TestServers.dropDatabases(source, databases);
    // In reverse: fi_view_function's view calls a function of fi_only_routines, which the
    // backup (in the order given) lists after it.
    List<String> names = new ArrayList<>(CASES.keySet());
    java.util.Collections.reverse(names);
    for (String db : names) {
      List<String> statements = new ArrayList<>(CASES.get(db));
      // The sequence tables (seq_1_to_N) are found in the current database.
      statements.add(1, "USE " + SameAsSource.quote(db));
      TestServers.execute(source, statements.toArray(String[]::new));
    }
    set = work.resolve("fidelity").toString();
    BackupOptions backup = TestServers.backupOptions("direct", source, set, databases);
    // Small chunks: keys of every kind are cut into several ranges.
    backup.setChunkRows(40L);
    BackupJob.run(backup);
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRestoresExactly_onTheDirectRunner() throws Exception {
    return restoreAndCompare("direct", List.of());
  }

  @TestFactory
  Stream<DynamicTest> everyCaseRestoresExactly_onFlinkRunnerLocalWithParallelism2()
      throws Exception {
    return restoreAndCompare("flink-local", List.of("--parallelism=2"));
  }

  @Test
  void anEmptyDatabaseSelectedByName_isRestoredWithItsCharacterSetAndCollation() throws Exception {
    TestServers.dropDatabases(target, CASES.keySet().toArray(String[]::new));
    StringWriter err = new StringWriter();
    int exit =
        Main.execute(
            new PrintWriter(err, true), "restore", "--backup-set", set, "--target",
            target.jdbcUrl(), "--user", "root", "--include", "databases:fi_empty",
            "--accept-warnings");

    assertEquals(0, exit, err.toString());
    assertEquals(List.of(), SameAsSource.differences(source, target, "fi_empty"));
    assertEquals(
        "latin1 latin1_german2_ci",
        TestServers.single(
            target,
            "SELECT CONCAT_WS(' ', DEFAULT_CHARACTER_SET_NAME, DEFAULT_COLLATION_NAME)"
                + " FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = 'fi_empty'"));
    // Only the database asked for.
    assertEquals(
        List.of("fi_empty"),
        TestServers.column(
            target,
            "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'fi%'"));
  }

  private Stream<DynamicTest> restoreAndCompare(String runnerConfig, List<String> args)
      throws Exception {
    TestServers.dropDatabases(target, CASES.keySet().toArray(String[]::new));
    RestoreOptions options = RunnerConfig.options(RestoreOptions.class, runnerConfig, args);
    options.setBackupSet(set);
    options.setTarget(target.jdbcUrl());
    options.setTargetUser("root");
    long start = System.nanoTime();
    RestoreReport report = RestoreJob.run(options);
    System.out.printf(
        Locale.ROOT, "Fidelity restore of %d databases on %s: %d rows in %.1f s%n",
        CASES.size(), runnerConfig, report.rowsRestored(), (System.nanoTime() - start) / 1e9);
    assertFalse(report.verification().isEmpty());
    assertTrue(
        report.verification().stream().allMatch(v -> v.skipped() == null && v.matches()),
        report.verification().toString());
    return CASES.keySet().stream()
        .map(
            db ->
                DynamicTest.dynamicTest(
                    db + " restores exactly",
                    () -> assertEquals(List.of(), SameAsSource.differences(source, target, db))));
  }
}
