package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.ManifestSignature;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup signed with a key verifies and restores with it; with the key, restore, precheck and
 * verify refuse an unsigned set, a wrong key and an edited manifest, naming the file, before
 * anything is written; without a key the pre-check says the set is unsigned or not checked. The
 * key never shows in output, logs or task records.
 */
class SignedBackupSetIT {
  private static final String DB = "signed_src";
  private static final String KEY = "Key-5c0b1e7d9a-NeverPrintMe-0123456789";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static Path keyFile;
  private static Path wrongKeyFile;
  private static Path signedSet;
  private static Path unsignedSet;
  private static final List<String> printed = new ArrayList<>();

  @BeforeAll
  static void backUpSignedAndUnsigned() throws Exception {
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('row ', seq) FROM seq.seq_1_to_250");
    keyFile = privateFile("key", KEY + "\n");
    wrongKeyFile = privateFile("wrong-key", "another-key-of-enough-bytes\n");
    signedSet = work.resolve("signed");
    unsignedSet = work.resolve("unsigned");
    CliRun signed =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", signedSet.toString(), "--chunk-rows", "100",
            "--signing-key-file", keyFile.toString(), "--verbose");
    assertEquals(0, signed.exit(), signed.err());
    CliRun unsigned =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", unsignedSet.toString(), "--chunk-rows", "100");
    assertEquals(0, unsigned.exit(), unsigned.err());
  }

  @Test
  void aSignedSetVerifiesAndRestoresWithItsKey_andTheKeyShowsNowhere() throws Exception {
    Path signature = signedSet.resolve(ManifestSignature.FILE_NAME);
    assertTrue(Files.exists(signature), "the signature file is written beside the manifest");
    assertFalse(Files.exists(unsignedSet.resolve(ManifestSignature.FILE_NAME)));
    assertFalse(Files.exists(signedSet.resolve(Manifest.FILE_NAME + ".partial")));
    assertFalse(Files.exists(signedSet.resolve(ManifestSignature.FILE_NAME + ".partial")));
    JsonNode content = JSON.readTree(signature.toFile());
    assertEquals("HMAC-SHA256", content.path("algorithm").asText());
    assertEquals(Manifest.FILE_NAME, content.path("file").asText());
    assertEquals(64, content.path("hmac").asText().length());

    TestServers.dropDatabases(target, DB);
    try {
      CliRun pre = precheck(signedSet, "--signing-key-file", keyFile.toString());
      assertEquals(0, pre.exit(), pre.all());
      assertTrue(item(pre, 18).path("result").asText().equals("PASS"), pre.out());

      CliRun restore = restore(signedSet, "--signing-key-file", keyFile.toString(), "--verbose");
      assertEquals(0, restore.exit(), restore.all());
      assertEquals("250", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));
      assertTrue(restore.out().contains("18. signature"), restore.out());

      CliRun verify = verify(signedSet, "--signing-key-file", keyFile.toString());
      assertEquals(0, verify.exit(), verify.all());
      assertTrue(verify.out().contains("matches the manifest"), verify.out());

      // The task record names where the key is, never the key.
      String record = newestTaskRecord();
      assertTrue(record.contains("\"signingKeyFile\""), record);
      assertTrue(record.contains(keyFile.toString()), record);
      assertFalse(record.contains(KEY), "the key is in the task record: " + record);
    } finally {
      TestServers.dropDatabases(target, DB);
    }
    for (String output : printed) {
      assertFalse(output.contains(KEY), "the key was printed: " + output);
    }
  }

  @Test
  void withTheKey_anUnsignedSetIsRefused_namingTheFile_andNothingIsWritten() throws Exception {
    String key = keyFile.toString();
    CliRun pre = precheck(unsignedSet, "--signing-key-file", key);
    assertEquals(1, pre.exit(), pre.all());
    assertItem(pre, 18, "FAILURE", "has no signature file " + ManifestSignature.FILE_NAME);
    assertRefused(restore(unsignedSet, "--signing-key-file", key), "item 18 (signature)");
    CliRun verify = verify(unsignedSet, "--signing-key-file", key);
    assertEquals(1, verify.exit(), verify.all());
    assertTrue(verify.err().contains("has no signature file manifest.json.hmac-sha256"),
        verify.err());
  }

  @Test
  void withAWrongKey_theSignedSetIsRefused_namingTheFile() throws Exception {
    String key = wrongKeyFile.toString();
    CliRun pre = precheck(signedSet, "--signing-key-file", key);
    assertEquals(1, pre.exit(), pre.all());
    assertItem(pre, 18, "FAILURE",
        "The signature in " + ManifestSignature.FILE_NAME + " does not match manifest.json");
    assertRefused(restore(signedSet, "--signing-key-file", key), "item 18 (signature)");
    CliRun verify = verify(signedSet, "--signing-key-file", key);
    assertEquals(1, verify.exit(), verify.all());
    assertTrue(verify.err().contains("does not match manifest.json"), verify.err());
  }

  @Test
  void withTheKey_aManifestWithOneChunkShaChangedIsRefused_namingTheFile() throws Exception {
    Path edited = copy(signedSet, work.resolve("edited"));
    Path manifest = edited.resolve(Manifest.FILE_NAME);
    JsonNode tree = JSON.readTree(manifest.toFile());
    ObjectNode chunk =
        (ObjectNode) tree.path("databases").get(0).path("tables").get(0).path("chunks").get(0);
    String sha = chunk.path("sha256").asText();
    chunk.put("sha256", (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1));
    JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(manifest.toFile(), tree);

    String key = keyFile.toString();
    CliRun pre = precheck(edited, "--signing-key-file", key);
    assertEquals(1, pre.exit(), pre.all());
    assertItem(pre, 18, "FAILURE", ManifestSignature.FILE_NAME, "does not match manifest.json");
    assertRefused(restore(edited, "--signing-key-file", key), "item 18 (signature)");
    CliRun verify = verify(edited, "--signing-key-file", key);
    assertEquals(1, verify.exit(), verify.all());
    assertTrue(verify.err().contains(ManifestSignature.FILE_NAME), verify.err());
  }

  @Test
  void withoutAKey_thePrecheckNotesUnsignedOrNotChecked_andDoesNotBlock() throws Exception {
    TestServers.dropDatabases(target, DB);
    CliRun unsigned = precheck(unsignedSet);
    assertEquals(0, unsigned.exit(), unsigned.all());
    assertItem(unsigned, 18, "NOTICE", "unsigned");
    CliRun signed = precheck(signedSet);
    assertEquals(0, signed.exit(), signed.all());
    assertItem(signed, 18, "NOTICE", "signed", "not checked");

    // A notice needs no accepting, and is printed and recorded with its level.
    try {
      CliRun restore = restore(unsignedSet);
      assertEquals(0, restore.exit(), restore.all());
      assertTrue(restore.out().contains("18. signature"), restore.out());
      assertTrue(restore.out().contains("notice"), restore.out());
      String record = newestTaskRecord();
      assertTrue(record.contains("\"18 signature\""), record);
      assertTrue(record.contains("\"notice\""), record);
    } finally {
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void aKeyFromAnEnvironmentVariableSignsAndChecks_andOnlyTheVariableIsRecorded()
      throws Exception {
    // PATH stands in for a key variable: set in every test environment, and long enough.
    String value = System.getenv("PATH");
    assertTrue(value != null && value.length() >= 16, "PATH is too short to serve as a key");
    Path set = work.resolve("signed-env");
    CliRun backup =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", set.toString(), "--signing-key-env", "PATH");
    assertEquals(0, backup.exit(), backup.all());
    assertEquals("PASS", item(precheck(set, "--signing-key-env", "PATH"), 18)
        .path("result").asText());
    assertItem(precheck(set, "--signing-key-file", keyFile.toString()), 18, "FAILURE",
        "does not match");
    TestServers.dropDatabases(target, DB);
    try {
      CliRun restore = restore(set, "--signing-key-env", "PATH");
      assertEquals(0, restore.exit(), restore.all());
      String record = newestTaskRecord();
      assertTrue(record.contains("\"signingKeyEnv\" : \"PATH\""), record);
      assertFalse(record.contains(value), "the key's value is in the task record: " + record);
    } finally {
      TestServers.dropDatabases(target, DB);
    }
  }

  @Test
  void aKeyShorterThan16BytesIsRefused() throws Exception {
    Path shortKey = privateFile("short-key", "short\n");
    CliRun backup =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", work.resolve("short").toString(), "--signing-key-file",
            shortKey.toString());
    assertEquals(1, backup.exit(), backup.all());
    assertTrue(backup.err().contains("has 5 bytes; a signing key needs at least 16"),
        backup.err());
    assertFalse(Files.exists(work.resolve("short").resolve(Manifest.FILE_NAME)));
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static void assertRefused(CliRun r, String item) throws Exception {
    assertEquals(1, r.exit(), r.all());
    assertTrue(r.err().contains(item), r.err());
    assertTrue(r.err().contains("Nothing was written"), r.err());
    assertEquals("0", TestServers.single(target,
        "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'"));
  }

  private static void assertItem(CliRun r, int number, String result, String... named)
      throws Exception {
    JsonNode item = item(r, number);
    assertEquals(result, item.path("result").asText(), item.toString());
    for (String name : named) {
      assertTrue(item.path("cause").asText().contains(name), "'" + name + "' in " + item);
    }
    assertFalse(item.path("remedy").asText().isBlank(), item.toString());
  }

  private static JsonNode item(CliRun r, int number) throws Exception {
    for (JsonNode item : JSON.readTree(r.out())) {
      if (item.path("number").asInt() == number) {
        return item;
      }
    }
    throw new AssertionError("no item " + number + " in " + r.out() + r.err());
  }

  private static CliRun precheck(Path set, String... flags) {
    List<String> args = new ArrayList<>(List.of("precheck", "--backup-set", set.toString(),
        "--target", target.jdbcUrl(), "--user", "root", "--json"));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  private static CliRun restore(Path set, String... flags) {
    List<String> args = new ArrayList<>(List.of("restore", "--backup-set", set.toString(),
        "--target", target.jdbcUrl(), "--user", "root"));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  private static CliRun verify(Path set, String... flags) {
    List<String> args = new ArrayList<>(List.of("verify", "--backup-set", set.toString(),
        "--target", target.jdbcUrl(), "--user", "root"));
    args.addAll(List.of(flags));
    return run(args.toArray(String[]::new));
  }

  private static CliRun run(String... args) {
    CliRun r = CliRun.of(args);
    printed.add(r.all());
    return r;
  }

  private static String newestTaskRecord() throws Exception {
    try (Stream<Path> files = Files.list(DbrestoreHome.tasks())) {
      Path newest =
          files.filter(f -> f.toString().endsWith(".json"))
              .max((a, b) -> a.toFile().lastModified() < b.toFile().lastModified() ? -1
                  : a.toFile().lastModified() > b.toFile().lastModified() ? 1 : 0)
              .orElseThrow();
      return Files.readString(newest, StandardCharsets.UTF_8);
    }
  }

  private static Path privateFile(String name, String content) throws Exception {
    Path file = work.resolve(name);
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static Path copy(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }
}
