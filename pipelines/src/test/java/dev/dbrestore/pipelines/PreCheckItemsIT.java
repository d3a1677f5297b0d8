package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every pre-check item made to fail (or warn, where the item only warns) against real MariaDB
 * servers, with a cause that names the thing, and a clean task that passes every item; run
 * through {@code dbrestore precheck --json} and {@code dbrestore restore} as a user runs them.
 */
class PreCheckItemsIT {
  private static final String[] DATABASES = {
    "pc_clean", "pc_keyless", "pc_objects", "pc_fk", "pc_blob", "pc_case"
  };
  private static final String[] USERS = {"pc_wrongpw", "pc_limited", "pc_definer"};
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static Path cleanSet;
  private static Path keylessSet;
  private static Path objectsSet;
  private static Path foreignKeySet;
  private static Path blobSet;
  private static Path caseSet;

  @BeforeAll
  static void backUpOneSmallDatabasePerNeed() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DATABASES);
    TestServers.dropDatabases(target, DATABASES);
    TestServers.dropDatabases(target, "pc_objects_copy");
    for (String user : USERS) {
      TestServers.execute(target, "DROP USER IF EXISTS '" + user + "'@'%'");
    }
    TestServers.execute(
        source,
        "CREATE DATABASE pc_clean",
        "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO pc_clean.items VALUES (1, 'one'), (2, 'two'), (3, 'three')",
        "CREATE DATABASE pc_keyless",
        "CREATE TABLE pc_keyless.notes (note VARCHAR(20))",
        "INSERT INTO pc_keyless.notes VALUES ('a'), ('b'), ('c')",
        "CREATE DATABASE pc_objects",
        "CREATE TABLE pc_objects.things (id INT PRIMARY KEY, name VARCHAR(20))",
        "INSERT INTO pc_objects.things VALUES (1, 'x')",
        "CREATE VIEW pc_objects.thing_names AS SELECT name FROM pc_objects.things",
        "CREATE TRIGGER pc_objects.things_upper BEFORE INSERT ON pc_objects.things"
            + " FOR EACH ROW SET NEW.name = UPPER(NEW.name)",
        "CREATE DATABASE pc_fk",
        "CREATE TABLE pc_fk.parents (id INT PRIMARY KEY)",
        "CREATE TABLE pc_fk.children (id INT PRIMARY KEY, parent_id INT,"
            + " FOREIGN KEY (parent_id) REFERENCES pc_fk.parents (id))",
        "INSERT INTO pc_fk.parents VALUES (1)",
        "INSERT INTO pc_fk.children VALUES (1, 1)",
        "CREATE DATABASE pc_blob",
        "CREATE TABLE pc_blob.blobs (id INT PRIMARY KEY, payload LONGBLOB)",
        "INSERT INTO pc_blob.blobs VALUES (1, REPEAT('x', 5 * 1024 * 1024)), (2, 'small')",
        // Two tables whose names differ only in case: possible only where the source has
        // lower_case_table_names = 0.
        "CREATE DATABASE pc_case",
        "CREATE TABLE pc_case.Items (id INT PRIMARY KEY)",
        "CREATE TABLE pc_case.items (id INT PRIMARY KEY)");
    cleanSet = backUp("pc_clean");
    keylessSet = backUp("pc_keyless");
    objectsSet = backUp("pc_objects");
    foreignKeySet = backUp("pc_fk");
    blobSet = backUp("pc_blob");
    caseSet = backUp("pc_case");
  }

  // ---- A clean task ---------------------------------------------------------------------------

  @Test
  void aCleanTaskPassesEveryItem_andPrecheckExitsZero() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    Precheck p = precheck(cleanSet, "--user", "root");
    assertEquals(0, p.exit, p.err);
    // Every item, numbered 1..n, every one passing, but for the
    // notice that the set is unsigned (a notice never blocks).
    assertTrue(p.items.size() >= 15, p.json);
    assertEquals(p.items.size(), Collections.max(p.items.keySet()), p.json);
    for (int n = 1; n <= p.items.size(); n++) {
      JsonNode item = p.item(n);
      assertEquals(n, item.path("number").asInt(), p.json);
      assertFalse(item.path("name").asText().isBlank(), p.json);
      assertEquals(n == 18 ? "NOTICE" : "PASS", item.path("result").asText(),
          "item " + n + ": " + item);
      assertTrue(item.has("cause") && item.has("remedy"), item.toString());
    }
    assertTrue(p.item(18).path("cause").asText().contains("unsigned"), p.json);
    assertTrue(p.item(1).path("cause").asText().contains(target.jdbcUrl()), p.json);
    // Nothing is written by the pre-check.
    assertFalse(schemaExists("pc_clean"));
  }

  // ---- 1 target reachable ---------------------------------------------------------------------

  @Test
  void item1Fails_whenTheTargetPortIsClosed() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    String url = "jdbc:mysql://127.0.0.1:" + closedPort + "/";
    Precheck p = precheckAt(url, cleanSet, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(1, "FAILURE", "Cannot reach the target server at " + url);
    // The items that need the target say so instead of passing.
    p.assertItem(12, "FAILURE", "Not checked");
  }

  @Test
  void item1Fails_whenThePasswordIsWrong_andNeverShowsIt() throws Exception {
    TestServers.execute(
        target,
        "CREATE USER 'pc_wrongpw'@'%' IDENTIFIED BY 'pc-right-password'",
        "GRANT ALL ON *.* TO 'pc_wrongpw'@'%'");
    Path passwordFile = Files.writeString(work.resolve("pc-wrong-password"), "Wr0ng-pc-4711\n");
    Precheck p =
        precheck(cleanSet, "--user", "pc_wrongpw", "--password-file", passwordFile.toString());
    assertEquals(1, p.exit, p.err);
    p.assertItem(1, "FAILURE", "refused user pc_wrongpw");
    assertFalse(p.json.contains("Wr0ng-pc-4711") || p.err.contains("Wr0ng-pc-4711"));
  }

  // ---- 2 same kind, 3 version -----------------------------------------------------------------

  @Test
  void item2Fails_whenTheBackupIsOfAnotherKindOfDatabase() throws Exception {
    Path set = editedCopy(cleanSet, "kind-mysql", m -> source(m).put("kind", "mysql"));
    Precheck p = precheck(set, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(2, "FAILURE", "The backup is of mysql and the target is mariadb");
  }

  @Test
  void item3Fails_whenTheTargetIsOlderThanTheSource() throws Exception {
    Path set = editedCopy(cleanSet, "version-99", m -> source(m).put("version", "99.0.0-MariaDB"));
    Precheck p = precheck(set, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(3, "FAILURE", "older than the backup's source 99.0.0-MariaDB");
  }

  // ---- 4 privileges ---------------------------------------------------------------------------

  @Test
  void item4Fails_whenTheRestoringAccountLacksInsert_andPassesOnceGranted() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    TestServers.execute(
        target,
        "CREATE USER 'pc_limited'@'%' IDENTIFIED BY 'pc-limited-pw'",
        "GRANT SELECT, CREATE ON `pc_clean`.* TO 'pc_limited'@'%'");
    Path passwordFile = Files.writeString(work.resolve("pc-limited-password"), "pc-limited-pw\n");
    String[] asLimited = {"--user", "pc_limited", "--password-file", passwordFile.toString()};

    Precheck p = precheck(cleanSet, asLimited);
    assertEquals(1, p.exit, p.err);
    p.assertItem(4, "FAILURE", "lacks INSERT on `pc_clean`");
    String cause = p.item(4).path("cause").asText();
    assertFalse(cause.contains("SELECT on") || cause.contains("CREATE on"), cause);

    TestServers.execute(target, "GRANT INSERT ON `pc_clean`.* TO 'pc_limited'@'%'");
    p = precheck(cleanSet, asLimited);
    p.assertItem(4, "PASS", "every privilege");
    assertEquals(0, p.exit, p.json);
  }

  // ---- 5 same-name objects --------------------------------------------------------------------

  @Test
  void item5Fails_withStructureStop_andWarnsWithStructureIgnore_whenTheTableExists()
      throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    try {
      TestServers.execute(
          target,
          "CREATE DATABASE pc_clean",
          "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name VARCHAR(20))");
      Precheck stop = precheck(cleanSet, "--user", "root");
      stop.assertItem(5, "FAILURE", "The target already has `pc_clean`.`items`");
      assertEquals(1, stop.exit, stop.err);

      Precheck ignore = precheck(cleanSet, "--user", "root", "--structure-conflict", "ignore");
      ignore.assertItem(5, "WARNING", "`pc_clean`.`items`", "kept as they are");
      assertEquals(0, ignore.exit, ignore.json);
    } finally {
      TestServers.dropDatabases(target, "pc_clean");
    }
  }

  @Test
  void restoreKeepsAnExistingTable_withStructureIgnoreAndTheWarningAccepted() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    try {
      TestServers.execute(
          target,
          "CREATE DATABASE pc_clean",
          "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name VARCHAR(20), mine INT)");
      Run r = restore(cleanSet, "--user", "root", "--structure-conflict", "ignore",
          "--accept-warnings");
      assertEquals(0, r.exit, r.err);
      assertEquals("3", TestServers.single(target, "SELECT COUNT(*) FROM pc_clean.items"));
      // The existing table was kept, with its own extra column.
      assertEquals("1", TestServers.single(target, "SELECT COUNT(*) FROM"
          + " information_schema.COLUMNS WHERE TABLE_SCHEMA = 'pc_clean' AND COLUMN_NAME = 'mine'"));
    } finally {
      TestServers.dropDatabases(target, "pc_clean");
    }
  }

  // ---- 6 existing rows ------------------------------------------------------------------------

  @Test
  void item6Fails_withDataStop_andWarnsWithCounts_withDataIgnore() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    try {
      TestServers.execute(
          target,
          "CREATE DATABASE pc_clean",
          "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name VARCHAR(20))",
          "INSERT INTO pc_clean.items VALUES (1, 'mine'), (9, 'mine too')");
      String[] keepTable = {"--user", "root", "--structure-conflict", "ignore"};
      Precheck stop = precheck(cleanSet, keepTable);
      assertEquals(1, stop.exit, stop.err);
      stop.assertItem(6, "FAILURE", "`pc_clean`.`items` (2 rows)");

      Precheck ignore = precheck(cleanSet, concat(keepTable, "--data-conflict", "ignore"));
      ignore.assertItem(6, "WARNING", "`pc_clean`.`items` (2 rows)", "kept");
      Precheck overwrite = precheck(cleanSet, concat(keepTable, "--data-conflict", "overwrite"));
      overwrite.assertItem(6, "WARNING", "`pc_clean`.`items` (2 rows)", "replaced");
      assertEquals(0, ignore.exit, ignore.json);
    } finally {
      TestServers.dropDatabases(target, "pc_clean");
    }
  }

  // ---- 7 mapping with views or routines -------------------------------------------------------

  @Test
  void item7Fails_whenAMappingMeetsAViewOrTrigger_andPassesWhenTheyAreExcluded()
      throws Exception {
    TestServers.dropDatabases(target, "pc_objects", "pc_objects_copy");
    String[] mapped = {"--user", "root", "--map-database", "pc_objects=pc_objects_copy"};
    Precheck p = precheck(objectsSet, mapped);
    assertEquals(1, p.exit, p.err);
    p.assertItem(7, "FAILURE", "maps names", "views");

    Precheck unknown = precheck(objectsSet, "--user", "root", "--map-database", "pc_nosuch=x");
    assertEquals(1, unknown.exit, unknown.err);
    unknown.assertItem(7, "FAILURE", "database pc_nosuch");

    Precheck tablesOnly =
        precheck(objectsSet, concat(mapped, "--exclude", "views:*", "--exclude", "triggers:*"));
    tablesOnly.assertItem(7, "PASS", "tables only");
  }

  // ---- 21 object selection ---------------------------------------------------------------------

  @Test
  void item21Fails_whenTheSelectionMatchesNothing_orAViewNeedsATableTheTaskLeavesOut()
      throws Exception {
    TestServers.dropDatabases(target, "pc_clean", "pc_objects");
    Precheck nothing = precheck(cleanSet, "--user", "root", "--include", "databases:pc_nosuch");
    assertEquals(1, nothing.exit, nothing.err);
    nothing.assertItem(21, "FAILURE", "matches nothing");
    // The mapping item is not the one that says so.
    nothing.assertItem(7, "PASS", "No mapping");

    Precheck needsTable =
        precheck(objectsSet, "--user", "root", "--exclude", "tables:pc_objects.things");
    assertEquals(1, needsTable.exit, needsTable.err);
    needsTable.assertItem(
        21, "FAILURE", "View `pc_objects`.`thing_names` needs table `pc_objects`.`things`");

    Precheck whole = precheck(objectsSet, "--user", "root");
    whole.assertItem(21, "PASS", "1 database, 1 table and 2 views");
  }

  // ---- 8 backup set complete ------------------------------------------------------------------

  @Test
  void item8Fails_whenAChunkIsMissing() throws Exception {
    Path set = copy(cleanSet, work.resolve("pc-missing-chunk"));
    String chunk = firstChunk(set);
    Files.delete(set.resolve(chunk));
    Precheck p = precheck(set, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(8, "FAILURE", "The chunk file " + chunk + " listed in the manifest is missing");
  }

  @Test
  void item8Fails_whenAChunkIsTruncated() throws Exception {
    Path set = copy(cleanSet, work.resolve("pc-truncated-chunk"));
    String chunk = firstChunk(set);
    try (RandomAccessFile file = new RandomAccessFile(set.resolve(chunk).toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    Precheck p = precheck(set, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(8, "FAILURE", "The chunk file " + chunk, "damaged or truncated");
  }

  // ---- 9 character sets and collations --------------------------------------------------------

  @Test
  void item9Fails_whenTheTargetLacksACharacterSetAndCollation() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    Path set =
        editedCopy(
            cleanSet,
            "no-such-charset",
            m -> {
              ObjectNode db = (ObjectNode) m.path("databases").get(0);
              db.put("characterSet", "nosuchcharset");
              db.put("collation", "nosuchcharset_bin");
            });
    Precheck p = precheck(set, "--user", "root");
    assertEquals(1, p.exit, p.err);
    p.assertItem(9, "FAILURE", "character set nosuchcharset", "collation nosuchcharset_bin");
  }

  // ---- 10 max_allowed_packet ------------------------------------------------------------------

  @Test
  void item10Fails_whenTheLargestRowExceedsMaxAllowedPacket_andWarnsWhenItMayNotFitEscaped()
      throws Exception {
    TestServers.dropDatabases(target, "pc_blob");
    try {
      // PreCheck opens its own session after this, and reads the GLOBAL value.
      TestServers.execute(target, "SET GLOBAL max_allowed_packet = 1048576");
      Precheck tooSmall = precheck(blobSet, "--user", "root");
      assertEquals(1, tooSmall.exit, tooSmall.err);
      tooSmall.assertItem(10, "FAILURE", "in blobs", "max_allowed_packet of 1048576 bytes");

      // 8 MiB holds the 5 MiB row, but not twice it (a binary value escaped on the wire).
      TestServers.execute(target, "SET GLOBAL max_allowed_packet = 8388608");
      Precheck tight = precheck(blobSet, "--user", "root");
      tight.assertItem(10, "WARNING", "in blobs", "8388608");
      assertEquals(0, tight.exit, tight.json);
    } finally {
      TestServers.execute(target, "SET GLOBAL max_allowed_packet = 67108864");
    }
  }

  // ---- 11 lower_case_table_names --------------------------------------------------------------

  @Test
  void item11Passes_whenTheSettingsDifferButTheTargetKeepsCase() throws Exception {
    // The check only bites when the TARGET folds names (non-zero); a target with 0 stores
    // every name as given, so a source with 1 cannot lose anything there.
    TestServers.dropDatabases(target, "pc_clean");
    Path set = editedCopy(cleanSet, "lctn-1", m -> source(m).put("lowerCaseTableNames", 1));
    Precheck p = precheck(set, "--user", "root");
    p.assertItem(11, "PASS", "is 1 at the source and 0 at the target", "no name is affected");
    assertEquals(0, p.exit, p.json);
  }

  @Test
  void item11Fails_whenNamesCollideOnATargetThatFoldsCase_andWarnsForMixedCase()
      throws Exception {
    // lower_case_table_names is fixed when a server starts, so this needs a third server.
    try (EmbeddedMariaDb folding =
        EmbeddedMariaDb.start("pc-lctn", "--lower-case-table-names=1")) {
      Precheck collide = precheckAt(folding.jdbcUrl(), caseSet, "--user", "root");
      assertEquals(1, collide.exit, collide.err);
      collide.assertItem(
          11, "FAILURE", "is 0 at the source and 1 at the target", "collide",
          "pc_case.Items", "pc_case.items");

      Precheck mixed =
          precheckAt(
              folding.jdbcUrl(), caseSet, "--user", "root", "--exclude", "tables:pc_case.items");
      mixed.assertItem(11, "WARNING", "stored in lower case: pc_case.Items");
      assertEquals(0, mixed.exit, mixed.json);
    }
  }

  // ---- 12 target writable ---------------------------------------------------------------------

  @Test
  void item12Fails_whenTheTargetIsReadOnly() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    try {
      TestServers.execute(target, "SET GLOBAL read_only = 1");
      Precheck p = precheck(cleanSet, "--user", "root");
      assertEquals(1, p.exit, p.err);
      p.assertItem(12, "FAILURE", "read-only", "read_only is ON");
    } finally {
      TestServers.execute(target, "SET GLOBAL read_only = 0");
    }
  }

  // ---- 13 tables without primary key ----------------------------------------------------------

  @Test
  void item13Warns_forAKeylessTableWithDataIgnore_andPassesWithDataStop() throws Exception {
    TestServers.dropDatabases(target, "pc_keyless");
    Precheck ignore = precheck(keylessSet, "--user", "root", "--data-conflict", "ignore");
    ignore.assertItem(13, "WARNING", "`pc_keyless`.`notes`", "ignore");
    assertEquals(0, ignore.exit, ignore.json);

    Precheck stop = precheck(keylessSet, "--user", "root");
    stop.assertItem(13, "PASS", "");
  }

  // ---- 14 definers and foreign keys -----------------------------------------------------------

  @Test
  void item14IsANotice_thatDefinersBecomeTheRestoringAccount() throws Exception {
    TestServers.dropDatabases(target, "pc_objects");
    TestServers.execute(
        target,
        "CREATE USER 'pc_definer'@'%' IDENTIFIED BY 'pc-definer-pw'",
        "GRANT ALL ON *.* TO 'pc_definer'@'%'");
    Path passwordFile = Files.writeString(work.resolve("pc-definer-password"), "pc-definer-pw\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    String[] asDefiner = {"--user", "pc_definer", "--password-file", passwordFile.toString()};
    Precheck p = precheck(objectsSet, asDefiner);
    p.assertItem(14, "NOTICE", "DEFINER", "becomes pc_definer@%");
    assertEquals(0, p.exit, p.json);

    // A notice needs no accepting: the restore runs, and the server shows the new definer.
    try {
      Run r = restore(objectsSet, asDefiner);
      assertEquals(0, r.exit, r.err);
      assertTrue(r.out.contains("Notices say how this restore runs"), r.out);
      assertEquals(List.of("pc_definer@%"), TestServers.column(target,
          "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = 'pc_objects'"));
    } finally {
      TestServers.dropDatabases(target, "pc_objects");
    }
  }

  @Test
  void item14IsANotice_thatForeignKeysAreNotEnforcedWhileLoading_andPassesForStructureOnly()
      throws Exception {
    TestServers.dropDatabases(target, "pc_fk");
    Precheck p = precheck(foreignKeySet, "--user", "root");
    p.assertItem(14, "NOTICE", "Foreign keys are not enforced while rows are loaded",
        "`pc_fk`.`children`");
    assertEquals(0, p.exit, p.json);

    Precheck structure = precheck(foreignKeySet, "--user", "root", "--recovery-type", "structure");
    structure.assertItem(14, "PASS", "");
  }

  @Test
  void item14Warns_andBlocksTheRestore_whenAForeignKeyReferencesATableTheTaskLeavesOut()
      throws Exception {
    TestServers.dropDatabases(target, "pc_fk");
    String[] childOnly = {"--user", "root", "--exclude", "tables:pc_fk.parents"};
    Precheck p = precheck(foreignKeySet, childOnly);
    p.assertItem(14, "WARNING", "`pc_fk`.`children` references `pc_fk`.`parents`");
    assertEquals(0, p.exit, p.json);

    Run r = restore(foreignKeySet, childOnly);
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("warnings to review: items 14;"), r.err);
    assertFalse(schemaExists("pc_fk"), "the target database must not be created");

    // Accepted by number in a task file, as before item 14 gave notices.
    Path taskFile = Files.writeString(work.resolve("pc-accept-14.yaml"),
        "name: pc accept 14\n"
            + "backupSet: " + foreignKeySet + "\n"
            + "target: " + target.jdbcUrl() + "\n"
            + "targetUser: root\n"
            + "objects:\n  exclude:\n    tables: [pc_fk.parents]\n"
            + "acceptWarnings: [14]\n");
    try {
      Run accepted = run("restore", "--task", taskFile.toString());
      assertEquals(0, accepted.exit, accepted.err);
      // The child row is loaded although its parent is not in the target: what 14 warned of.
      assertEquals("1", TestServers.single(target, "SELECT COUNT(*) FROM pc_fk.children"));
      assertFalse("1".equals(TestServers.single(target, "SELECT COUNT(*) FROM"
          + " information_schema.TABLES WHERE TABLE_SCHEMA = 'pc_fk' AND TABLE_NAME = 'parents'")));
    } finally {
      TestServers.dropDatabases(target, "pc_fk");
    }
  }

  // ---- 15 data-only target tables -------------------------------------------------------------

  @Test
  void item15Fails_forDataOnly_whenTheTargetTableIsMissing() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    Precheck p = precheck(cleanSet, "--user", "root", "--recovery-type", "data");
    assertEquals(1, p.exit, p.err);
    p.assertItem(15, "FAILURE", "`pc_clean`.`items` is missing");
  }

  @Test
  void item15Fails_forDataOnly_whenAColumnHasAnotherType() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    try {
      TestServers.execute(
          target,
          "CREATE DATABASE pc_clean",
          "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name TEXT)");
      Precheck p = precheck(cleanSet, "--user", "root", "--recovery-type", "data");
      assertEquals(1, p.exit, p.err);
      p.assertItem(15, "FAILURE", "`pc_clean`.`items`.`name` is text, not varchar(20)");
    } finally {
      TestServers.dropDatabases(target, "pc_clean");
    }
  }

  // ---- 16 identifiers ------------------------------------------------------------------------

  @Test
  void item16Fails_whenAMappedNameIsOneTheTargetCannotHold() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    String tooLong = "t".repeat(65);
    Precheck p =
        precheck(cleanSet, "--user", "root", "--map-table", "pc_clean.items=" + tooLong);
    assertEquals(1, p.exit, p.err);
    p.assertItem(16, "FAILURE", "table `" + tooLong + "` (longer than 64 characters)");

    Precheck space = precheck(cleanSet, "--user", "root", "--map-table", "pc_clean.items=items ");
    space.assertItem(16, "FAILURE", "table `items ` (ends with a space)");
  }

  // ---- restore runs the pre-check first -------------------------------------------------------

  @Test
  void restoreWritesNothing_whenAnItemFails() throws Exception {
    TestServers.dropDatabases(target, "pc_clean");
    Path set = editedCopy(cleanSet, "restore-version-99",
        m -> source(m).put("version", "99.0.0-MariaDB"));
    Run r = restore(set, "--user", "root");
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains("The pre-check failed on item 3 (target version)"), r.err);
    assertTrue(r.err.contains("Nothing was written"), r.err);
    assertFalse(schemaExists("pc_clean"), "the target database must not be created");

    // A table that already holds rows (data stop): its rows stay exactly as they were.
    try {
      TestServers.execute(
          target,
          "CREATE DATABASE pc_clean",
          "CREATE TABLE pc_clean.items (id INT PRIMARY KEY, name VARCHAR(20))",
          "INSERT INTO pc_clean.items VALUES (9, 'mine')");
      Run rows = restore(cleanSet, "--user", "root", "--structure-conflict", "ignore");
      assertEquals(1, rows.exit, rows.err);
      assertTrue(rows.err.contains("item 6 (existing rows)"), rows.err);
      assertEquals(
          List.of("9 mine"),
          TestServers.column(target, "SELECT CONCAT(id, ' ', name) FROM pc_clean.items"));
    } finally {
      TestServers.dropDatabases(target, "pc_clean");
    }
  }

  @Test
  void restoreStopsOnAnUnacceptedWarning_andGoesOnWhenItIsAccepted() throws Exception {
    TestServers.dropDatabases(target, "pc_keyless");
    try {
      Run stopped = restore(keylessSet, "--user", "root", "--data-conflict", "ignore");
      assertEquals(1, stopped.exit, stopped.err);
      assertTrue(stopped.err.contains("warnings to review: items 13"), stopped.err);
      assertTrue(stopped.err.contains("--accept-warnings"), stopped.err);
      assertFalse(schemaExists("pc_keyless"), "the target database must not be created");

      Run accepted =
          restore(keylessSet, "--user", "root", "--data-conflict", "ignore", "--accept-warnings");
      assertEquals(0, accepted.exit, accepted.err);
      assertEquals("3", TestServers.single(target, "SELECT COUNT(*) FROM pc_keyless.notes"));

      // The same, accepted by item number in a task file.
      TestServers.dropDatabases(target, "pc_keyless");
      Path taskFile =
          Files.writeString(
              work.resolve("pc-accept-13.yaml"),
              "name: pc accept 13\n"
                  + "backupSet: " + keylessSet + "\n"
                  + "target: " + target.jdbcUrl() + "\n"
                  + "targetUser: root\n"
                  + "conflicts:\n  data: ignore\n"
                  + "acceptWarnings: [13]\n");
      Run byFile = run("restore", "--task", taskFile.toString());
      assertEquals(0, byFile.exit, byFile.err);
      assertEquals("3", TestServers.single(target, "SELECT COUNT(*) FROM pc_keyless.notes"));
    } finally {
      TestServers.dropDatabases(target, "pc_keyless");
    }
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static Path backUp(String database) {
    Path set = work.resolve("set-" + database);
    Run r =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", database,
            "--output", set.toString());
    assertEquals(0, r.exit, r.err);
    return set;
  }

  private static boolean schemaExists(String name) throws Exception {
    return !"0".equals(
        TestServers.single(
            target,
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + name + "'"));
  }

  /** The pre-check of a task given as flags against the shared target. */
  private static Precheck precheck(Path set, String... flags) throws Exception {
    return precheckAt(target.jdbcUrl(), set, flags);
  }

  private static Precheck precheckAt(String url, Path set, String... flags) throws Exception {
    List<String> args = new ArrayList<>(List.of("precheck", "--backup-set", set.toString(),
        "--target", url));
    args.addAll(List.of(flags));
    args.add("--json");
    Run r = run(args.toArray(String[]::new));
    Map<Integer, JsonNode> items = new TreeMap<>();
    JsonNode list;
    try {
      list = JSON.readTree(r.out);
    } catch (IOException e) {
      throw new AssertionError("precheck printed no JSON: " + r.out + r.err, e);
    }
    assertTrue(list != null && list.isArray(), "not a JSON list: " + r.out + r.err);
    for (JsonNode item : list) {
      items.put(item.path("number").asInt(), item);
    }
    return new Precheck(r.exit, r.out, r.err, items);
  }

  private static Run restore(Path set, String... flags) {
    List<String> args = new ArrayList<>(List.of("restore", "--backup-set", set.toString(),
        "--target", target.jdbcUrl()));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  /** Runs the command line as a user does, with its standard output captured. */
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

  private static String[] concat(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static ObjectNode source(JsonNode manifest) {
    return (ObjectNode) manifest.path("source");
  }

  /** A copy of a backup set whose manifest.json was changed by {@code edit}. */
  private static Path editedCopy(Path set, String name, Consumer<JsonNode> edit)
      throws IOException {
    Path copy = copy(set, work.resolve("pc-" + name));
    Path manifest = copy.resolve(Manifest.FILE_NAME);
    JsonNode tree = JSON.readTree(manifest.toFile());
    edit.accept(tree);
    JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(manifest.toFile(), tree);
    return copy;
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }

  private static String firstChunk(Path set) {
    return BackupSet.open(set.toString()).manifest().databases().get(0).tables().get(0).chunks()
        .get(0).file();
  }

  private record Run(int exit, String out, String err) {}

  /** What {@code precheck --json} printed, by item number. */
  private record Precheck(int exit, String json, String err, Map<Integer, JsonNode> items) {
    JsonNode item(int number) {
      JsonNode item = items.get(number);
      assertTrue(item != null, "no item " + number + " in " + json + err);
      return item;
    }

    /** The item has this result and its cause names every one of {@code named}. */
    void assertItem(int number, String result, String... named) {
      JsonNode item = item(number);
      assertEquals(result, item.path("result").asText(), "item " + number + ": " + item);
      String cause = item.path("cause").asText();
      for (String name : named) {
        assertTrue(cause.contains(name), "item " + number + " cause should name '" + name
            + "': " + cause);
      }
      if (!"PASS".equals(result)) {
        assertFalse(item.path("remedy").asText().isBlank(), "item " + number + " has no remedy");
      }
    }
  }

}
