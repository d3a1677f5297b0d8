package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup set is data, never a script: a real backup set whose manifest.json was edited the
 * way an attacker with write access to the backup storage would (the manifest carries a SHA-256
 * per chunk only, so its statements can be changed freely) is refused by the pre-check before
 * anything is written, and the target keeps the same users, schemas, tables, objects and
 * privileges.
 */
class HostileManifestIT {
  private static final String DB = "hm_shop";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static EmbeddedMariaDb target;
  private static Path goodSet;

  @BeforeAll
  static void backUpAShopWithEveryKindOfObject() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, customer VARCHAR(30),"
            + " KEY idx_customer (customer)) ENGINE=InnoDB",
        "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, order_id INT, name VARCHAR(20))",
        "INSERT INTO " + DB + ".orders VALUES (1, 'ann'), (2, 'bob')",
        "INSERT INTO " + DB + ".items VALUES (1, 1, 'pen'), (2, 2, 'ink')",
        "CREATE VIEW " + DB + ".order_names AS SELECT id, customer FROM " + DB + ".orders",
        "CREATE TRIGGER " + DB + ".orders_bi BEFORE INSERT ON " + DB + ".orders"
            + " FOR EACH ROW SET NEW.customer = UPPER(NEW.customer)",
        "CREATE PROCEDURE " + DB + ".count_orders() BEGIN SELECT COUNT(*) FROM " + DB
            + ".orders; END",
        "CREATE FUNCTION " + DB + ".double_it(x INT) RETURNS INT DETERMINISTIC RETURN x * 2");
    goodSet = work.resolve("good");
    Run backup =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", goodSet.toString());
    assertEquals(0, backup.exit, backup.err);
  }

  @BeforeEach
  void targetHasNoShop() throws Exception {
    TestServers.dropDatabases(target, DB, "hm_elsewhere");
    for (String user : List.of("evil", "evil2", "evil3", "evil4", "evil_definer")) {
      TestServers.execute(target, "DROP USER IF EXISTS '" + user + "'@'%'");
    }
  }

  @Test
  void unchangedSetRestores_soEveryRefusalBelowIsTheEdit() throws Exception {
    Run r = restore(goodSet);
    assertEquals(0, r.exit, r.err);
    assertEquals("2", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".orders"));
  }

  @Test
  void aViewEntryHoldingCreateUserIsRefused() throws Exception {
    Path set = edited("view-create-user",
        m -> object(m, "views", 0).put("createStatement",
            "CREATE USER 'evil'@'%' IDENTIFIED BY 'pw'"));
    Run r = assertRefusedByItem17(set, "holds a CREATE USER statement, not a CREATE VIEW");
    assertTrue(r.err.contains("view `hm_shop`.`order_names`"), r.err);
    assertTrue(r.err.contains(Manifest.FILE_NAME), r.err);
    assertFalse(r.err.contains("IDENTIFIED BY"), "never echo the hostile statement: " + r.err);
  }

  @Test
  void aTableEntryCopyingAnotherTableIsRefused() throws Exception {
    Path set = edited("table-as-select",
        m -> table(m, "orders").put("createStatement",
            "CREATE TABLE `orders` AS SELECT * FROM mysql.user"));
    assertRefusedByItem17(set, "SELECT");
  }

  @Test
  void aSecondStatementAppendedIsRefused() throws Exception {
    Path set = edited("second-statement", m -> {
      ObjectNode view = object(m, "views", 0);
      view.put("createStatement",
          view.get("createStatement").asText() + "; CREATE USER 'evil3'@'%'");
    });
    assertRefusedByItem17(set, "holds more than one statement");
  }

  @Test
  void aSecondStatementAppendedIsRefused_evenWhenTheTargetUrlAllowsMultiQueries()
      throws Exception {
    Path set = edited("second-statement-multi", m -> {
      ObjectNode view = object(m, "views", 0);
      view.put("createStatement",
          view.get("createStatement").asText() + "; CREATE USER 'evil4'@'%'");
    });
    List<String> before = targetState();
    Run r = run("restore", "--backup-set", set.toString(), "--target",
        target.jdbcUrl() + "?allowMultiQueries=true", "--user", "root", "--accept-warnings");
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("The JDBC URL sets allowMultiQueries"), r.err);
    assertEquals(before, targetState(), "nothing may be written to the target");
  }

  @Test
  void aSignedSetWhoseManifestWasEditedIsRefusedByItsSignature() throws Exception {
    Path key = work.resolve("backup.key");
    Files.writeString(key, "0123456789abcdef0123456789abcdef\n");
    Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    Path signed = work.resolve("signed");
    Run backup =
        run("backup", "--source", TestServers.source().jdbcUrl(), "--user", "root", "--database",
            DB, "--output", signed.toString(), "--signing-key-file", key.toString());
    assertEquals(0, backup.exit, backup.err);
    // One chunk's SHA-256 changed, as an attacker who swapped the chunk file would change it.
    Path chunkSha = editedCopy(signed, "signed-chunk-sha", m -> {
      ObjectNode chunk = (ObjectNode) table(m, "orders").get("chunks").get(0);
      chunk.put("sha256", "0".repeat(64));
    });
    assertRefused(chunkSha, "item 18 (signature)", "--signing-key-file", key.toString());
    // A change every other item accepts (another valid view body) is caught by the signature
    // alone.
    Path viewBody = editedCopy(signed, "signed-view-body", m -> {
      ObjectNode view = object(m, "views", 0);
      view.put("createStatement", view.get("createStatement").asText()
          .replace("from `hm_shop`.`orders`", "from `hm_shop`.`orders` where 0"));
    });
    assertFalse(Files.readString(viewBody.resolve(Manifest.FILE_NAME))
        .equals(Files.readString(signed.resolve(Manifest.FILE_NAME))), "the edit changed nothing");
    Run body = assertRefused(viewBody, "item 18 (signature)", "--signing-key-file", key.toString());
    assertFalse(body.err.contains("item 8 ") || body.err.contains("item 17 "), body.err);
  }

  @Test
  void aViewRoutineOrTriggerNamingAnotherObjectIsRefused() throws Exception {
    Path view = edited("view-other-name", m -> {
      ObjectNode v = object(m, "views", 0);
      String create = v.get("createStatement").asText();
      // The server prints the view's name qualified.
      String renamed =
          create.replaceFirst("VIEW (`hm_shop`\\.)?`order_names`", "VIEW `hm_shop`.`evil_view`");
      assertFalse(renamed.equals(create), create);
      v.put("createStatement", renamed);
    });
    assertRefusedByItem17(view, "names the view `evil_view`, not `order_names`");

    Path routine = edited("procedure-other-db", m -> object(m, "procedures", 0).put(
        "createStatement", "CREATE PROCEDURE `hm_elsewhere`.`count_orders`() BEGIN END"));
    assertRefusedByItem17(routine, "in the database `hm_elsewhere`");
  }

  @Test
  void aTriggerOnAnotherTableIsRefused() throws Exception {
    Path set = edited("trigger-other-table", m -> {
      ObjectNode t = object(m, "triggers", 0);
      String create = t.get("createStatement").asText();
      assertTrue(create.contains(DB + ".orders"), create);
      t.put("createStatement", create.replace("ON " + DB + ".orders", "ON " + DB + ".items"));
    });
    assertRefusedByItem17(set, "names the table `items`, not `orders`");
  }

  @Test
  void aDefinerHiddenAcrossAnExecutableCommentIsRefused() throws Exception {
    Path set = edited("hidden-definer", m -> {
      ObjectNode v = object(m, "views", 0);
      String create = v.get("createStatement").asText();
      v.put("createStatement", create.replaceFirst("DEFINER=`[^`]*`@`[^`]*`",
          "/*!50017 DEFINER=*/'evil_definer'@'%'"));
    });
    Run r = assertRefusedByItem17(set, "still holds a DEFINER clause");
    assertFalse(r.err.contains("evil_definer"), r.err);
  }

  @Test
  void aDefinerInMysqldumpsCommentFormIsRemoved_andNeverBecomesTheDefiner() throws Exception {
    Path set = edited("dump-comment-definer", m -> {
      ObjectNode v = object(m, "views", 0);
      String create = v.get("createStatement").asText();
      v.put("createStatement", create.replaceFirst("DEFINER=`[^`]*`@`[^`]*` SQL SECURITY DEFINER",
          "/*!50013 DEFINER=`evil_definer`@`%` SQL SECURITY DEFINER */"));
      assertTrue(v.get("createStatement").asText().contains("/*!50013"), v.toString());
    });
    Run r = restore(set);
    assertEquals(0, r.exit, r.err);
    String definer = TestServers.single(target, "SELECT DEFINER FROM information_schema.VIEWS"
        + " WHERE TABLE_SCHEMA = '" + DB + "' AND TABLE_NAME = 'order_names'");
    assertTrue(definer.startsWith("root@"), definer);
  }

  @Test
  void anEngineOutsideTheListIsRefused_andAcceptedWithTheExplicitOption() throws Exception {
    List<String> engines = TestServers.column(target, "SELECT ENGINE FROM"
        + " information_schema.ENGINES WHERE SUPPORT IN ('YES', 'DEFAULT')"
        + " AND ENGINE IN ('BLACKHOLE', 'MRG_MyISAM', 'CSV', 'SEQUENCE') ORDER BY ENGINE");
    assertFalse(engines.isEmpty(), "the target has no engine outside the default list");
    String engine = engines.get(0);
    Path set = edited("engine-" + engine, m -> {
      ObjectNode t = table(m, "items");
      t.put("createStatement",
          t.get("createStatement").asText().replace("ENGINE=InnoDB", "ENGINE=" + engine));
    });
    Run r = assertRefusedByItem17(set, "engine " + engine);
    assertTrue(r.err.contains("--allow-engine " + engine), r.err);

    Run allowed = run("precheck", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
        "--user", "root", "--allow-engine", engine, "--json");
    JsonNode item17 = null;
    for (JsonNode item : JSON.readTree(allowed.out)) {
      if (item.path("number").asInt() == 17) {
        item17 = item;
      }
    }
    assertTrue(item17 != null, allowed.out + allowed.err);
    assertEquals("PASS", item17.path("result").asText(), item17.toString());

    Path task = Files.writeString(work.resolve("allow-" + engine + ".yaml"),
        "name: allow " + engine + "\nbackupSet: " + set + "\ntarget: " + target.jdbcUrl()
            + "\ntargetUser: root\nallowEngines: [" + engine + "]\nrecoveryType: structure\n");
    Run fromFile = run("precheck", "--task", task.toString(), "--json");
    assertTrue(fromFile.out.contains("statements in the backup set"), fromFile.out);
    for (JsonNode item : JSON.readTree(fromFile.out)) {
      if (item.path("number").asInt() == 17) {
        assertEquals("PASS", item.path("result").asText(), item.toString());
      }
    }
  }

  @Test
  void aDataDirectoryIsRefused() throws Exception {
    Path set = edited("data-directory", m -> {
      ObjectNode t = table(m, "items");
      t.put("createStatement",
          t.get("createStatement").asText() + " DATA DIRECTORY='/tmp/hm-evil'");
    });
    assertRefusedByItem17(set, "DATA DIRECTORY");
  }

  @Test
  void anIndexLineMovedToTheDeferredAlterMustBeOneIndex() throws Exception {
    Path set = edited("index-line", m -> {
      ObjectNode t = table(m, "orders");
      String create = t.get("createStatement").asText();
      assertTrue(create.contains("  KEY `idx_customer` (`customer`)"), create);
      t.put("createStatement", create.replace("  KEY `idx_customer` (`customer`)",
          "  KEY `idx_customer` (`customer`), DROP PRIMARY KEY"));
    });
    assertRefusedByItem17(set, "not one plain index");
  }

  @Test
  void aDatabaseNamedMysqlInTheManifestIsRefused() throws Exception {
    Path set = edited("db-mysql", m -> ((ObjectNode) m.get("databases").get(0)).put("name",
        "mysql"));
    Run r = assertRefused(set, "item 16");
    assertTrue(r.err.contains("database `mysql` of the backup set"), r.err);
  }

  @Test
  void aMappingOntoMysqlAndAJournalInMysqlAreRefused() throws Exception {
    Run mapped = assertRefused(goodSet, "item 16", "--map-database", DB + "=MySQL");
    assertTrue(mapped.out.contains("own schemas"), mapped.out);
    assertRefused(goodSet, "item 16", "--journal-schema", "mysql");
    assertRefused(goodSet, "item 16", "--journal-schema", "Performance_Schema");
  }

  // ---- Helpers -------------------------------------------------------------------------------

  /** Refused by item 17 (and not by item 8: the edited manifest is otherwise a valid set). */
  private static Run assertRefusedByItem17(Path set, String named) throws Exception {
    Run r = assertRefused(set, "item 17 (statements in the backup set)");
    assertTrue(r.err.contains(named), "the message should say '" + named + "': " + r.err);
    assertFalse(r.err.contains("item 8 "), r.err);
    return r;
  }

  private static Run assertRefused(Path set, String named, String... flags) throws Exception {
    List<String> before = targetState();
    Run r = restore(set, flags);
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(named), "the message should name " + named + ": " + r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertEquals(before, targetState(), "nothing may be written to the target");
    return r;
  }

  /** Users, schemas, tables, routines, triggers, events and privileges of the target. */
  private static List<String> targetState() throws Exception {
    List<String> state = new ArrayList<>();
    for (String sql : List.of(
        "SELECT CONCAT(User, '@', Host) FROM mysql.user ORDER BY 1",
        "SELECT SCHEMA_NAME FROM information_schema.SCHEMATA ORDER BY 1",
        "SELECT CONCAT(TABLE_SCHEMA, '.', TABLE_NAME, ' ', ENGINE) FROM information_schema.TABLES"
            + " WHERE TABLE_SCHEMA NOT IN ('information_schema', 'performance_schema') ORDER BY 1",
        "SELECT CONCAT(ROUTINE_SCHEMA, '.', ROUTINE_NAME) FROM information_schema.ROUTINES"
            + " ORDER BY 1",
        "SELECT CONCAT(TRIGGER_SCHEMA, '.', TRIGGER_NAME) FROM information_schema.TRIGGERS"
            + " ORDER BY 1",
        "SELECT CONCAT(GRANTEE, ' ', PRIVILEGE_TYPE) FROM information_schema.USER_PRIVILEGES"
            + " ORDER BY 1",
        "SELECT CONCAT(GRANTEE, ' ', TABLE_SCHEMA, ' ', PRIVILEGE_TYPE)"
            + " FROM information_schema.SCHEMA_PRIVILEGES ORDER BY 1",
        "SELECT CONCAT(GRANTEE, ' ', TABLE_SCHEMA, '.', TABLE_NAME, ' ', PRIVILEGE_TYPE)"
            + " FROM information_schema.TABLE_PRIVILEGES ORDER BY 1")) {
      state.add(sql);
      state.addAll(TestServers.column(target, sql));
    }
    return state;
  }

  private static ObjectNode object(JsonNode manifest, String kind, int index) {
    return (ObjectNode) manifest.get("databases").get(0).get(kind).get(index);
  }

  private static ObjectNode table(JsonNode manifest, String name) {
    for (JsonNode t : manifest.get("databases").get(0).get("tables")) {
      if (t.get("name").asText().equals(name)) {
        return (ObjectNode) t;
      }
    }
    throw new AssertionError("no table " + name);
  }

  /** A copy of the good set whose manifest.json was changed by {@code edit}. */
  private static Path edited(String name, Consumer<JsonNode> edit) throws IOException {
    return editedCopy(goodSet, name, edit);
  }

  /** A copy of a set whose manifest.json was changed by {@code edit}. */
  private static Path editedCopy(Path from, String name, Consumer<JsonNode> edit)
      throws IOException {
    Path to = Files.createDirectories(work.resolve(name));
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    Path manifest = to.resolve(Manifest.FILE_NAME);
    JsonNode tree = JSON.readTree(manifest.toFile());
    edit.accept(tree);
    JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), tree);
    return to;
  }

  private static Run restore(Path set, String... flags) {
    List<String> args = new ArrayList<>(List.of("restore", "--backup-set", set.toString(),
        "--target", target.jdbcUrl(), "--user", "root", "--accept-warnings"));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  private static Run run(String... args) {
    StringWriter err = new StringWriter();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      exit = Main.execute(new PrintWriter(err, true), args);
    } finally {
      System.setOut(original);
    }
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
  }

  private record Run(int exit, String out, String err) {}
}
