package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backup set is on disk before it is complete: the backup, run as its own process under strace,
 * syncs every chunk file and the manifest to disk (fsync) before the manifest gets its name, and
 * syncs the set's folder after, so a crash after a backup reported success cannot leave a
 * manifest whose chunks were still in the page cache. What the kernel was asked is read from the
 * system calls themselves, not from the backup's own account.
 */
class BackupDurabilityIT {
  private static final String DB = "durable_it";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** strace -y prints a descriptor with its path: fsync(12</path>) = 0. */
  private static final Pattern FSYNC = Pattern.compile("\\bf(?:data)?sync\\(\\d+<([^>]*)>\\) = 0");
  /** Java's atomic move: rename("from", "to") = 0 (or renameat / renameat2 with AT_FDCWD). */
  private static final Pattern RENAME =
      Pattern.compile("\\brename(?:at2?)?\\((?:AT_FDCWD, )?\"([^\"]*)\", (?:AT_FDCWD, )?\"([^\"]*)\"");

  @TempDir static Path work;

  private static EmbeddedMariaDb source;

  @BeforeAll
  static void sourceWithTablesOfSeveralChunks() throws Exception {
    source = TestServers.source();
    TestServers.dropDatabases(source, DB);
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".orders (id INT PRIMARY KEY, customer VARCHAR(30))",
        "CREATE TABLE " + DB + ".empty_one (id INT PRIMARY KEY)",
        // No key, so one chunk of about 1.2 MB: synced by its reader, not with the small ones.
        "CREATE TABLE " + DB + ".blobs (body VARBINARY(1024))",
        "INSERT INTO " + DB + ".orders SELECT seq, CONCAT('customer ', seq)"
            + " FROM seq.seq_1_to_500",
        "INSERT INTO " + DB + ".blobs SELECT RANDOM_BYTES(1024) FROM seq.seq_1_to_1200");
  }

  @Test
  void backupSyncsEveryChunkAndTheManifestBeforeTheManifestIsNamed() throws Exception {
    Path set = work.resolve("unsigned");
    List<Call> calls = tracedBackup(set, Map.of());
    set = set.toRealPath();
    int named = renameInto(calls, set.resolve(Manifest.FILE_NAME));
    assertChunksAndManifestSyncedBefore(calls, set, named);
    assertFolderSyncedAfter(calls, set, named);
  }

  @Test
  void signedBackupSyncsTheSignatureBeforeTheManifestIsNamed() throws Exception {
    Path set = work.resolve("signed");
    List<Call> calls =
        tracedBackup(set, Map.of("DURABLE_IT_KEY", "a signing key of more than sixteen bytes"),
            "--signing-key-env", "DURABLE_IT_KEY");
    set = set.toRealPath();
    int named = renameInto(calls, set.resolve(Manifest.FILE_NAME));
    int signed = renameInto(calls, set.resolve(Manifest.FILE_NAME + ".hmac-sha256"));
    assertTrue(signed < named, "the signature gets its name before the manifest");
    assertTrue(
        syncedAt(calls, set.resolve(Manifest.FILE_NAME + ".hmac-sha256.partial")) < signed,
        "the signature is synced before it gets its name");
    assertChunksAndManifestSyncedBefore(calls, set, named);
    assertFolderSyncedAfter(calls, set, named);
  }

  private static void assertChunksAndManifestSyncedBefore(
      List<Call> calls, Path set, int named) throws Exception {
    JsonNode manifest = JSON.readTree(set.resolve(Manifest.FILE_NAME).toFile());
    List<String> files = new ArrayList<>();
    for (JsonNode database : manifest.get("databases")) {
      for (JsonNode table : database.get("tables")) {
        for (JsonNode chunk : table.get("chunks")) {
          files.add(chunk.get("file").asText());
        }
      }
    }
    assertTrue(files.size() >= 5, "the set should hold several chunks: " + files);
    assertTrue(
        files.stream().anyMatch(f -> set.resolve(f).toFile().length() > 1 << 20),
        "the set should hold a chunk of more than 1 MiB: " + files);
    for (String file : files) {
      int synced = syncedAt(calls, set.resolve(file));
      assertTrue(synced >= 0, () -> file + " was never synced to disk; its calls: "
          + calls.stream().filter(c -> c.text().contains(file)).toList());
      assertTrue(synced < named, file + " was synced only after the manifest got its name");
    }
    int manifestSynced = syncedAt(calls, set.resolve(Manifest.FILE_NAME + ".partial"));
    assertTrue(manifestSynced >= 0 && manifestSynced < named,
        "the manifest is synced before it gets its name");
  }

  private static void assertFolderSyncedAfter(List<Call> calls, Path set, int named) {
    assertTrue(lastSync(calls, set) > named, "the set's folder is synced after the manifest is named");
    assertTrue(lastSync(calls, set.getParent()) > named,
        "the folder holding the set is synced after the manifest is named");
  }

  /** Runs a backup of the database into {@code set} under strace; returns its calls in order. */
  private static List<Call> tracedBackup(Path set, Map<String, String> env, String... extra)
      throws Exception {
    Path strace = Path.of("/usr/bin/strace");
    if (!Files.isExecutable(strace)) {
      String why = "BackupDurabilityIT skipped: strace is not installed (apt-get install strace).";
      System.err.println(why);
      Assumptions.abort(why);
    }
    Path trace = work.resolve(set.getFileName() + ".strace");
    Path log = work.resolve(set.getFileName() + ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(
        strace.toString(), "-f", "-qq", "-y", "-o", trace.toString(),
        "-e", "trace=fsync,fdatasync,rename,renameat,renameat2",
        java, "-cp", System.getProperty("java.class.path"),
        "-Ddbrestore.home=" + work.resolve("home"),
        "dev.dbrestore.pipelines.cli.Main",
        "backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--output", set.toString(), "--chunk-rows", "100"));
    command.addAll(List.of(extra));
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(env);
    Process backup = builder.start();
    assertTrue(backup.waitFor(5, TimeUnit.MINUTES), "the backup did not end in 5 minutes");
    assertEquals(0, backup.exitValue(), "the traced backup failed: " + Files.readString(log));
    return calls(Files.readAllLines(trace));
  }

  /**
   * One system call: the trace line where it started and the one where it ended, and its whole
   * text. Threads' calls interleave: strace splits a call that another thread's call interrupts
   * into "... <unfinished ...>" and "<... name resumed> ...", both lines led by the thread's id.
   */
  private record Call(int started, int ended, String text) {}

  private static List<Call> calls(List<String> lines) {
    List<Call> calls = new ArrayList<>();
    Map<String, Integer> startedAt = new HashMap<>();
    Map<String, String> begun = new HashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      int space = line.indexOf(' ');
      if (space < 0) {
        continue;
      }
      String thread = line.substring(0, space);
      // strace pads the thread's id to five columns: "6772  fsync(...)".
      String rest = line.substring(space + 1).trim();
      if (rest.endsWith("<unfinished ...>")) {
        startedAt.put(thread, i);
        begun.put(thread, rest.substring(0, rest.length() - "<unfinished ...>".length()).trim());
      } else if (rest.startsWith("<... ") && begun.containsKey(thread)) {
        String tail = rest.substring(rest.indexOf("resumed>") + "resumed>".length());
        // strace pads a resumed call's result: ")              = 0".
        calls.add(new Call(startedAt.remove(thread), i,
            begun.remove(thread) + tail.replaceFirst("^\\)\\s+=", ") =")));
      } else {
        calls.add(new Call(i, i, rest));
      }
    }
    return calls;
  }

  /** Where the call that renamed a file to {@code target} started; fails when there is none. */
  private static int renameInto(List<Call> calls, Path target) {
    String name = target.toAbsolutePath().toString();
    for (Call call : calls) {
      Matcher m = RENAME.matcher(call.text());
      if (m.find() && m.group(2).equals(name) && call.text().endsWith("= 0")) {
        return call.started();
      }
    }
    throw new AssertionError("nothing was renamed to " + name);
  }

  /** Where the first successful sync of {@code file} ended, or -1. */
  private static int syncedAt(List<Call> calls, Path file) {
    String name = file.toAbsolutePath().toString();
    int first = -1;
    for (Call call : calls) {
      Matcher m = FSYNC.matcher(call.text());
      if (m.find() && m.group(1).equals(name) && (first < 0 || call.ended() < first)) {
        first = call.ended();
      }
    }
    return first;
  }

  /** Where the last successful sync of {@code folder} started, or -1. */
  private static int lastSync(List<Call> calls, Path folder) {
    String name = folder.toAbsolutePath().toString();
    int last = -1;
    for (Call call : calls) {
      Matcher m = FSYNC.matcher(call.text());
      if (m.find() && m.group(1).equals(name)) {
        last = Math.max(last, call.started());
      }
    }
    return last;
  }
}
