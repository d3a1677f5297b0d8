package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.beam.sdk.util.common.ReflectHelpers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A known password given through --password-env and --password-file never shows: not in what
 * backups and restores print with --verbose (exception messages of failing restores included),
 * not in /proc/PID/cmdline of their processes, not in the task records, not in the pipeline
 * options, not in the backup sets. Backups and restores run as separate JVMs, as a user runs
 * them.
 */
class PasswordSecrecyIT {
  private static final String PASSWORD = "Pw-7f3a9c1e-NeverPrintMe";
  private static final byte[] PASSWORD_BYTES = PASSWORD.getBytes(StandardCharsets.UTF_8);
  private static final String USER = "secret_user";
  private static final String ENV = "DBRESTORE_IT_SECRET_PASSWORD";
  private static final String DB = "pws_src";
  private static final String[] ALL = {DB, "pws_file", "pws_dup", "pws_inproc"};

  /** The launcher's flags: Beam and Flink reflect into these JDK packages on Java 17. */
  private static final List<String> OPENS =
      Stream.of("java.lang", "java.util", "java.nio", "sun.nio.ch", "java.lang.invoke", "java.net",
              "java.io", "java.time", "java.util.concurrent")
          .map(p -> "--add-opens=java.base/" + p + "=ALL-UNNAMED")
          .toList();

  @TempDir Path work;

  private final List<String> leaks = new ArrayList<>();
  private int places;

  @Test
  void thePasswordAppearsNowhere_inOutputCommandLinesTaskRecordsOptionsOrBackupSets()
      throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    for (EmbeddedMariaDb server : List.of(source, target)) {
      TestServers.dropDatabases(server, ALL);
      TestServers.execute(
          server,
          "DROP USER IF EXISTS '" + USER + "'@'%'",
          "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%'");
    }
    TestServers.execute(
        source,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".items (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".items SELECT seq, CONCAT('v', seq % 10) FROM seq.seq_1_to_200");
    // A target table of the same columns whose unique key the backup's rows break.
    TestServers.execute(
        target,
        "CREATE DATABASE pws_dup",
        "CREATE TABLE pws_dup.items (id INT PRIMARY KEY, v VARCHAR(20), UNIQUE KEY one_v (v))");

    Path home = Files.createDirectories(work.resolve("home"));
    Path passwordFile = work.resolve("password");
    Files.writeString(passwordFile, PASSWORD + "\n");
    // Private, as a password file should be: else pre-check item 19 warns and the restore stops.
    Files.setPosixFilePermissions(
        passwordFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    String setEnv = work.resolve("set-env").toString();
    String setFile = work.resolve("set-file").toString();
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }

    List<Child> children = new ArrayList<>();
    children.add(expect(0, child(home, true,
        "backup", "--source", source.jdbcUrl(), "--user", USER, "--password-env", ENV,
        "--database", DB, "--output", setEnv, "--chunk-rows", "40", "--verbose")));
    children.add(expect(0, child(home, true,
        "restore", "--backup-set", setEnv, "--target", target.jdbcUrl(), "--user", USER,
        "--password-env", ENV, "--verbose")));
    children.add(expect(0, child(home, false,
        "backup", "--source", source.jdbcUrl(), "--user", USER, "--password-file",
        passwordFile.toString(), "--database", DB, "--output", setFile, "--chunk-rows", "40",
        "--verbose")));
    children.add(expect(0, child(home, false,
        "restore", "--backup-set", setFile, "--target", target.jdbcUrl(), "--user", USER,
        "--password-file", passwordFile.toString(), "--map-database", DB + "=pws_file",
        "--verbose")));
    Child unreachable = expect(1, child(home, true,
        "restore", "--backup-set", setEnv, "--target", "jdbc:mysql://127.0.0.1:" + closedPort + "/",
        "--user", USER, "--password-env", ENV, "--verbose"));
    assertTrue(unreachable.err.contains("Cannot reach the target server"), unreachable.err);
    children.add(unreachable);
    Child duplicate = expect(1, child(home, false,
        "restore", "--backup-set", setFile, "--target", target.jdbcUrl(), "--user", USER,
        "--password-file", passwordFile.toString(), "--recovery-type", "data",
        "--map-database", DB + "=pws_dup", "--verbose"));
    assertTrue(duplicate.err.contains("Duplicate entry"), duplicate.err);
    assertTrue(
        duplicate.err.contains("\tat "), "--verbose prints the stack trace: " + duplicate.err);
    children.add(duplicate);

    // The successful runs really worked as that user.
    assertEquals("200", TestServers.single(target, "SELECT COUNT(*) FROM pws_src.items"));
    assertEquals("200", TestServers.single(target, "SELECT COUNT(*) FROM pws_file.items"));

    // Pipeline options as RestoreCommand builds them, before and after a restore runs with them.
    RestoreOptions options =
        RunnerConfig.options(RestoreOptions.class, null, List.of("--targetParallelism=2"));
    ObjectMapper beamMapper =
        new ObjectMapper()
            .registerModules(ObjectMapper.findModules(ReflectHelpers.findClassLoader()));
    search("pipeline options as built", new ObjectMapper().writeValueAsString(options));
    search("pipeline options as built (Beam's modules)", beamMapper.writeValueAsString(options));
    RestoreTask task =
        new RestoreTask("pws in-process", null, null, setFile, null, target.jdbcUrl(), USER, null,
            passwordFile.toString(), null, null, Map.of(DB, "pws_inproc"), null, null, null, null);
    RestoreReport report =
        RestoreJob.run(
            options, task, new RestoreJob.Settings(null, null, false, home.resolve("tasks")));
    assertTrue(report.allMatch());
    search("pipeline options after a restore", new ObjectMapper().writeValueAsString(options));
    search("pipeline options after a restore (Beam's modules)",
        beamMapper.writeValueAsString(options));
    search("in-process restore report", String.valueOf(report));

    int cmdlineReads = 0;
    boolean environmentHeldIt = false;
    for (Child c : children) {
      search(c.name + " stdout", c.out);
      search(c.name + " stderr", c.err);
      assertTrue(!c.cmdlines.isEmpty(), "no /proc cmdline read for " + c.name);
      assertTrue(c.cmdlines.get(0).contains("dev.dbrestore.pipelines.cli.Main"), c.cmdlines.get(0));
      for (String cmdline : c.cmdlines) {
        search(c.name + " /proc cmdline", cmdline);
        cmdlineReads++;
      }
      environmentHeldIt |= c.environmentHeldPassword;
      System.out.printf("%s: exit %d, %d lines of output, %d /proc cmdline reads%n", c.name, c.exit,
          (c.out + c.err).lines().count(), c.cmdlines.size());
    }
    // The search finds the password where it is: in the environment given to the child.
    assertTrue(environmentHeldIt, "the password should be in the children's environment");
    assertTrue(children.stream().anyMatch(c -> c.err.contains(" INFO ")),
        "--verbose should print every log line");

    int homeFiles = searchFiles("dbrestore home", home);
    // A record per restore: four child processes and the one run here.
    assertTrue(homeFiles >= 5, "task records expected under " + home + ", found " + homeFiles);
    int setFiles = searchFiles("backup set", Path.of(setEnv)) + searchFiles("backup set",
        Path.of(setFile));

    System.out.printf(
        "Searched %d places for the password: stdout and stderr of %d child processes,"
            + " %d /proc cmdline reads, %d files under the dbrestore home, pipeline options"
            + " 4 ways, a restore report, %d backup set files; found it in %d.%n",
        places, children.size(), cmdlineReads, homeFiles, setFiles, leaks.size());
    assertEquals(List.of(), leaks, "the password was found in these places");
  }

  /** A dbrestore run in its own JVM, watched through /proc while it runs. */
  private Child child(Path home, boolean passwordInEnvironment, String... args)
      throws IOException, InterruptedException {
    Path jar = Path.of("target", "dbrestore.jar").toAbsolutePath();
    Path lib = Path.of("target", "lib").toAbsolutePath();
    assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib),
        "run mvn -pl pipelines package first: " + jar + " and " + lib + " are needed");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(OPENS);
    command.add("-Ddbrestore.home=" + home);
    command.add("-cp");
    command.add(jar + File.pathSeparator + lib + File.separator + "*");
    command.add("dev.dbrestore.pipelines.cli.Main");
    command.addAll(List.of(args));
    String name = String.join(" ", List.of(args).subList(0, Math.min(args.length, 1)))
        + " #" + (++childCount);
    Path out = work.resolve("child-" + childCount + ".out");
    Path err = work.resolve("child-" + childCount + ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove(ENV);
    builder.environment().remove("DBRESTORE_HOME");
    if (passwordInEnvironment) {
      builder.environment().put(ENV, PASSWORD);
    }
    Process process = builder.start();
    List<String> cmdlines = new ArrayList<>();
    boolean environmentHeldPassword = false;
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
    while (process.isAlive()) {
      List<ProcessHandle> watched = new ArrayList<>();
      watched.add(process.toHandle());
      process.descendants().forEach(watched::add);
      for (ProcessHandle h : watched) {
        try {
          byte[] cmdline = Files.readAllBytes(Path.of("/proc", h.pid() + "", "cmdline"));
          if (cmdline.length > 0) {
            cmdlines.add(new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' '));
          }
          if (passwordInEnvironment && !environmentHeldPassword && h.pid() == process.pid()) {
            environmentHeldPassword =
                indexOf(Files.readAllBytes(Path.of("/proc", h.pid() + "", "environ"))) >= 0;
          }
        } catch (IOException ended) {
          // The process ended between isAlive and the read.
        }
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not end within 5 minutes");
      }
      Thread.sleep(50);
    }
    int exit = process.waitFor();
    return new Child(name, exit, Files.readString(out), Files.readString(err), cmdlines,
        environmentHeldPassword);
  }

  private int childCount;

  private static Child expect(int exit, Child child) {
    assertEquals(exit, child.exit, child.name + "\n" + child.out + "\n" + child.err);
    return child;
  }

  private int searchFiles(String what, Path root) throws IOException {
    int count = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        search(what + " file " + root.relativize(file), Files.readAllBytes(file));
        count++;
      }
    }
    return count;
  }

  private void search(String where, String text) {
    search(where, text.getBytes(StandardCharsets.UTF_8));
  }

  private void search(String where, byte[] content) {
    places++;
    if (indexOf(content) >= 0) {
      leaks.add(where);
    }
  }

  private static int indexOf(byte[] content) {
    outer:
    for (int i = 0; i <= content.length - PASSWORD_BYTES.length; i++) {
      for (int j = 0; j < PASSWORD_BYTES.length; j++) {
        if (content[i + j] != PASSWORD_BYTES[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private record Child(
      String name,
      int exit,
      String out,
      String err,
      List<String> cmdlines,
      boolean environmentHeldPassword) {}
}
