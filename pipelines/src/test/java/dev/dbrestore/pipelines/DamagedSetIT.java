package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.pipelines.cli.Main;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged backup set is refused by the pre-check before anything is written, naming the file
 * (or the format version): one good set of two tables in several chunks, copied and damaged one
 * way per test, each restored through the command line into a target that must stay without the
 * set's database.
 */
class DamagedSetIT {
  private static final String DB = "ds_damaged";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;

  private static EmbeddedMariaDb target;
  private static Path goodSet;

  @BeforeAll
  static void backUpTwoTablesInSeveralChunks() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, customer VARCHAR(30),"
            + " total DECIMAL(10,2))",
        "CREATE TABLE " + DB + ".notes (id BIGINT PRIMARY KEY, body TEXT, pinned TINYINT,"
            + " written DATETIME)",
        "INSERT INTO " + DB + ".orders SELECT seq, CONCAT('customer ', seq), seq * 1.25"
            + " FROM seq.seq_1_to_300",
        "INSERT INTO " + DB + ".notes SELECT seq, REPEAT(CONCAT('note ', seq, ' '), 5),"
            + " seq % 2, '2024-01-01 00:00:00' + INTERVAL seq MINUTE FROM seq.seq_1_to_250");
    goodSet = work.resolve("good");
    Result backup =
        run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
            "--output", goodSet.toString(), "--chunk-rows", "60");
    assertEquals(0, backup.exit, backup.err);
    assertTrue(chunks(goodSet, "orders").size() >= 4, "orders should span several chunks");
    assertTrue(chunks(goodSet, "notes").size() >= 4, "notes should span several chunks");
  }

  @BeforeEach
  void targetHasNoDamagedSetDatabase() throws Exception {
    TestServers.dropDatabases(target, DB);
  }

  @Test
  void restoreRefusesAChunkWhoseManifestSha256WasEdited_namingTheFile() throws Exception {
    Path set = copy("edited-sha256");
    ObjectNode manifest = readManifest(set);
    ObjectNode chunk = chunkWithRows(manifest, "orders");
    String file = chunk.get("file").asText();
    String sha = chunk.get("sha256").asText();
    chunk.put("sha256", (sha.charAt(0) == '0' ? "1" : "0") + sha.substring(1));
    writeManifest(set, manifest);

    Result r = restore(set);

    assertRefusedBeforeWriting(r, file);
    assertTrue(r.err.contains("SHA-256"), r.err);
  }

  @Test
  void restoreRefusesAChunkWithOneByteFlippedInTheMiddle_namingTheFile() throws Exception {
    Path set = copy("flipped-byte");
    String file = chunkWithRows(readManifest(set), "notes").get("file").asText();
    Path chunk = set.resolve(file);
    long size = Files.size(chunk);
    try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
      f.seek(size / 2);
      int b = f.read();
      f.seek(size / 2);
      f.write(b ^ 0xFF);
    }
    assertEquals(size, Files.size(chunk));

    Result r = restore(set);

    assertRefusedBeforeWriting(r, file);
    assertTrue(r.err.contains("SHA-256"), r.err);
  }

  @Test
  void restoreRefusesAChunkWithItsFooterCutOff_namingTheFile() throws Exception {
    Path set = copy("truncated-footer");
    String file = chunkWithRows(readManifest(set), "orders").get("file").asText();
    cutFooter(set.resolve(file));

    Result r = restore(set);

    assertRefusedBeforeWriting(r, file);
  }

  @Test
  void restoreRefusesACutFooterEvenWhenTheManifestWasFixedToMatchIt_namingTheFile()
      throws Exception {
    // Size and SHA-256 agree with the cut file, so only reading the Parquet footer catches it.
    Path set = copy("truncated-footer-consistent-manifest");
    ObjectNode manifest = readManifest(set);
    ObjectNode chunk = chunkWithRows(manifest, "orders");
    String file = chunk.get("file").asText();
    cutFooter(set.resolve(file));
    describeFileInManifest(chunk, set.resolve(file));
    writeManifest(set, manifest);

    Result r = restore(set);

    assertRefusedBeforeWriting(r, file);
    assertTrue(r.err.contains("not a readable Parquet file"), r.err);
  }

  @Test
  void restoreRefusesAChunkHoldingAnotherTablesColumns_namingTheFile() throws Exception {
    Path set = copy("other-schema");
    ObjectNode manifest = readManifest(set);
    ObjectNode ordersChunk = chunkWithRows(manifest, "orders");
    String file = ordersChunk.get("file").asText();
    String notesFile = chunkWithRows(manifest, "notes").get("file").asText();
    // A chunk of the other table under this chunk's name, with size and SHA-256 fixed in the
    // manifest: only the check of the columns can tell.
    Files.copy(set.resolve(notesFile), set.resolve(file), StandardCopyOption.REPLACE_EXISTING);
    describeFileInManifest(ordersChunk, set.resolve(file));
    writeManifest(set, manifest);

    Result r = restore(set);

    assertRefusedBeforeWriting(r, file);
    assertTrue(r.err.contains("other columns than the manifest lists"), r.err);
  }

  @Test
  void restoreRefusesAnUnknownFormatVersion_namingTheVersion() throws Exception {
    Path set = copy("format-version-2");
    ObjectNode manifest = readManifest(set);
    manifest.put("formatVersion", 2);
    writeManifest(set, manifest);

    Result r = restore(set);

    assertRefusedBeforeWriting(r, "format version 2");
  }

  /** Exit non-zero, the message names what is wrong, and the target has no ds_ database. */
  private static void assertRefusedBeforeWriting(Result r, String named) throws Exception {
    assertNotEquals(0, r.exit, r.err);
    assertEquals(1, r.exit, r.err);
    assertTrue(r.err.contains(named), "the message should name " + named + ": " + r.err);
    assertEquals(
        "0",
        TestServers.single(
            target,
            "SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE 'ds\\_%'"),
        "nothing may be written to the target");
  }

  /** Cuts the last 20 bytes: the footer's length and magic number, and the end of the footer. */
  private static void cutFooter(Path chunk) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(chunk.toFile(), "rw")) {
      f.setLength(f.length() - 20);
    }
  }

  /** Sets a manifest chunk entry's bytes and sha256 to those of the file as it now is. */
  private static void describeFileInManifest(ObjectNode chunk, Path file) throws Exception {
    byte[] content = Files.readAllBytes(file);
    chunk.put("bytes", (long) content.length);
    chunk.put(
        "sha256",
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
  }

  private static ObjectNode readManifest(Path set) throws IOException {
    return (ObjectNode) JSON.readTree(set.resolve(Manifest.FILE_NAME).toFile());
  }

  private static void writeManifest(Path set, JsonNode manifest) throws IOException {
    JSON.writerWithDefaultPrettyPrinter()
        .writeValue(set.resolve(Manifest.FILE_NAME).toFile(), manifest);
  }

  /** The manifest entry of a middle chunk of the table that holds rows. */
  private static ObjectNode chunkWithRows(ObjectNode manifest, String table) {
    JsonNode chunks = tableNode(manifest, table).get("chunks");
    for (int i = chunks.size() / 2; i < chunks.size(); i++) {
      if (chunks.get(i).get("rowCount").asLong() > 0) {
        return (ObjectNode) chunks.get(i);
      }
    }
    throw new AssertionError("no chunk with rows for " + table);
  }

  private static JsonNode tableNode(JsonNode manifest, String table) {
    for (JsonNode t : manifest.get("databases").get(0).get("tables")) {
      if (t.get("name").asText().equals(table)) {
        return t;
      }
    }
    throw new AssertionError("no table " + table + " in the manifest");
  }

  private static JsonNode chunks(Path set, String table) throws IOException {
    return tableNode(readManifest(set), table).get("chunks");
  }

  private static Path copy(String name) throws IOException {
    Path to = Files.createDirectories(work.resolve(name));
    try (Stream<Path> files = Files.list(goodSet)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }

  private static Result restore(Path set) {
    return run("restore", "--backup-set", set.toString(), "--target", target.jdbcUrl(),
        "--user", "root");
  }

  private static Result run(String... args) {
    StringWriter err = new StringWriter();
    int exit = Main.execute(new PrintWriter(err, true), args);
    return new Result(exit, err.toString());
  }

  private record Result(int exit, String err) {}
}
