package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.jdbc.Endpoint;
import dev.dbrestore.io.jdbc.Journal;
import dev.dbrestore.io.jdbc.PasswordSource;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import dev.dbrestore.pipelines.backup.BackupJob;
import dev.dbrestore.pipelines.backup.BackupOptions;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import dev.dbrestore.pipelines.restore.RestoreReport;
import dev.dbrestore.pipelines.task.RestoreTask;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.beam.model.pipeline.v1.RunnerApi;
import org.apache.beam.runners.core.construction.SerializablePipelineOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.runners.TransformHierarchy;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.util.SerializableUtils;
import org.apache.beam.sdk.util.construction.PipelineTranslation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.SnappyInputStream;

/**
 * The password never travels with a job: a backup and a restore run for real as an account with
 * a password from a file, so every worker read the file itself (the DirectRunner hands each
 * worker a deserialized copy of its functions); and the pipelines as they are built for the
 * DirectRunner and for Flink, serialized the way a runner ships them (the job graph, each DoFn,
 * the options), hold the file's path and never the password.
 */
class JobGraphSecrecyIT {
  private static final String PASSWORD = "Jg-51c0ffee-NotInTheGraph";
  private static final String USER = "graph_user";
  private static final String DB = "jg_src";

  @TempDir Path work;

  @Test
  void workersReadThePasswordThemselves_andNoSerializedPipelineHoldsIt() throws Exception {
    EmbeddedMariaDb source = TestServers.source();
    EmbeddedMariaDb target = TestServers.target();
    for (EmbeddedMariaDb server : List.of(source, target)) {
      TestServers.dropDatabases(server, DB);
      TestServers.execute(
          server,
          "DROP USER IF EXISTS '" + USER + "'@'%'",
          "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'",
          "GRANT ALL ON *.* TO '" + USER + "'@'%'");
    }
    TestServers.execute(
        source,
        "CREATE DATABASE " + DB,
        "CREATE TABLE " + DB + ".t (id INT PRIMARY KEY, v VARCHAR(20))",
        "INSERT INTO " + DB + ".t SELECT seq, CONCAT('row ', seq) FROM " + DB + ".seq_1_to_300");
    Path passwordFile = work.resolve("graph.pw");
    Files.writeString(passwordFile, PASSWORD + "\n");

    // A real backup and restore as that account: the workers' copies had to read the file.
    String set = work.resolve("set").toString();
    BackupOptions backup = TestServers.backupOptions("direct", source, set, DB);
    backup.setSourceUser(USER);
    backup.setSourcePasswordFile(passwordFile.toString());
    backup.setChunkRows(100L);
    BackupJob.run(backup);
    RestoreOptions restore = TestServers.restoreOptions("direct", set, target);
    RestoreTask task =
        new RestoreTask("job graph secrecy", null, null, set, null, target.jdbcUrl(), USER, null,
            passwordFile.toString(), null, null, null, null, null, null, null);
    RestoreReport report =
        RestoreJob.run(
            restore, task, new RestoreJob.Settings(null, null, true, work.resolve("tasks")));
    assertTrue(report.allMatch(), String.valueOf(report));
    assertEquals("300", TestServers.single(target, "SELECT COUNT(*) FROM " + DB + ".t"));

    // The same pipelines, built as the jobs build them, for each runner.
    PasswordSource reference = PasswordSource.file(passwordFile.toString());
    ConnectionSpec sourceSpec = ConnectionSpec.of(source.jdbcUrl(), USER, reference);
    ConnectionSpec targetSpec = ConnectionSpec.of(target.jdbcUrl(), USER, reference);
    Dialect dialect = Dialect.forUrl(target.jdbcUrl());
    Endpoint sourceEndpoint = new Endpoint(sourceSpec, dialect);
    Endpoint targetEndpoint = new Endpoint(targetSpec, dialect);
    // Connect once first, as the jobs do before they build the graph, so the password has been
    // read into this process.
    sourceSpec.open(dialect, Map.of()).close();
    targetSpec.open(dialect, Map.of()).close();
    Manifest manifest = dev.dbrestore.io.format.BackupSet.open(set).manifest();
    List<String> places = new ArrayList<>();
    for (String runner : List.of("direct", "flink-local")) {
      BackupOptions backupOptions = TestServers.backupOptions(runner, source, set, DB);
      backupOptions.setSourcePasswordFile(passwordFile.toString());
      Pipeline backupPipeline =
          BackupJob.backupPipeline(
              backupOptions, sourceEndpoint, "jg-set", set, 1, Map.of(0, List.of()), Map.of(),
              Duration.ofSeconds(5), manifest, false);
      inspect(runner + " backup", backupPipeline, backupOptions, passwordFile, places);

      RestoreOptions restoreOptions = TestServers.restoreOptions(runner, set, target);
      restoreOptions.setTargetPasswordFile(passwordFile.toString());
      Pipeline restorePipeline =
          RestoreJob.dataPipeline(
              restoreOptions, List.of(), task, targetEndpoint, manifest.source(),
              new Journal("dbrestore_journal", "r-graph"));
      inspect(runner + " restore", restorePipeline, restoreOptions, passwordFile, places);
    }
    System.out.println("Searched for the password in: " + String.join("; ", places));
  }

  /**
   * Serializes a pipeline as a runner ships it and looks for the password: in the job graph as
   * bytes, in each ParDo's function as the graph carries it (Snappy-compressed Java
   * serialization, unpacked here), in each DoFn serialized plainly, and in the options.
   */
  private void inspect(
      String name, Pipeline pipeline, PipelineOptions options, Path passwordFile, List<String> places)
      throws Exception {
    byte[] file = passwordFile.toString().getBytes(StandardCharsets.UTF_8);
    RunnerApi.Pipeline proto = PipelineTranslation.toProto(pipeline);
    byte[] graph = proto.toByteArray();
    assertNoPassword(name + " job graph", graph);
    places.add(name + " job graph (" + graph.length + " bytes)");
    boolean referenceSeen = false;
    for (Map.Entry<String, RunnerApi.PTransform> t : proto.getComponents().getTransformsMap().entrySet()) {
      RunnerApi.FunctionSpec spec = t.getValue().getSpec();
      if (!spec.getUrn().equals("beam:transform:pardo:v1")) {
        continue;
      }
      byte[] packed = RunnerApi.ParDoPayload.parseFrom(spec.getPayload()).getDoFn().getPayload().toByteArray();
      byte[] fn;
      try (java.io.InputStream in = new SnappyInputStream(new ByteArrayInputStream(packed))) {
        fn = in.readAllBytes();
      }
      assertNoPassword(name + " graph payload of " + t.getKey(), fn);
      referenceSeen |= contains(fn, file);
      places.add(name + " graph payload of " + t.getKey());
    }
    assertTrue(
        referenceSeen,
        name + ": a function in the job graph should name the password file, or this test looks"
            + " in the wrong place");

    List<Object> fns = new ArrayList<>();
    pipeline.traverseTopologically(
        new Pipeline.PipelineVisitor.Defaults() {
          @Override
          public void visitPrimitiveTransform(TransformHierarchy.Node node) {
            Object transform = node.getTransform();
            if (transform instanceof ParDo.MultiOutput<?, ?> parDo) {
              fns.add(parDo.getFn());
            }
          }
        });
    assertFalse(fns.isEmpty(), name + ": no DoFn found");
    for (Object fn : fns) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(fn);
      }
      assertNoPassword(name + " " + fn.getClass().getSimpleName(), bytes.toByteArray());
      places.add(name + " " + fn.getClass().getSimpleName());
    }
    byte[] serializedOptions =
        SerializableUtils.serializeToByteArray(new SerializablePipelineOptions(options));
    try (java.io.InputStream in =
        new SnappyInputStream(new ByteArrayInputStream(serializedOptions))) {
      assertNoPassword(name + " options", in.readAllBytes());
    }
    places.add(name + " options");
  }

  private static void assertNoPassword(String place, byte[] bytes) {
    assertFalse(contains(bytes, PASSWORD.getBytes(StandardCharsets.UTF_8)), place + " holds it");
    assertFalse(contains(bytes, PASSWORD.getBytes(StandardCharsets.UTF_16BE)), place + " holds it");
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
