package dev.dbrestore.pipelines.cli;

import dev.dbrestore.io.format.BackupSet;
import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.parquet.ChunkCursor;
import dev.dbrestore.io.parquet.ChunkFiles;
import dev.dbrestore.io.parquet.ChunkWriter;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import picocli.CommandLine.Command;

/**
 * Loads the classes a backup or restore uses without touching a database: one chunk written,
 * checked and read back, and a small pipeline on the DirectRunner. The launcher runs it once
 * per build to archive those classes (class-data sharing), so later commands start faster.
 */
@Command(
    name = "warm-up",
    hidden = true,
    description = "Load the classes a run uses, touching no database (the launcher uses it).")
public final class WarmUpCommand implements Callable<Integer> {
  @Override
  public Integer call() throws Exception {
    RestoreOptions options = RunnerConfig.options(RestoreOptions.class, "direct", List.of());
    Pipeline pipeline = Pipeline.create(options);
    pipeline
        .apply("ListChunks", Create.of(List.of(1, 2, 3, 4)))
        .apply("SpreadChunks", Reshuffle.viaRandomKey())
        .apply("WriteRows", ParDo.of(new Touch()));
    pipeline.run().waitUntilFinish();

    Path dir = Files.createTempDirectory("dbrestore-warm-up");
    try {
      List<Manifest.Column> columns =
          List.of(
              new Manifest.Column("id", "bigint(20)", false, false, null, ColumnEncoding.LONG),
              new Manifest.Column("t", "text", true, false, "utf8mb4", ColumnEncoding.TEXT),
              new Manifest.Column("b", "blob", true, false, null, ColumnEncoding.BYTES));
      ResourceId file =
          FileSystems.matchNewResource(dir.resolve("t.00000.parquet").toString(), false);
      Manifest.Chunk chunk;
      try (ChunkWriter writer = new ChunkWriter(file, columns)) {
        writer.write(new Object[] {1L, "a", new byte[] {1}});
        chunk = writer.finish("t.00000.parquet");
      }
      ChunkFiles.verify(file, chunk, columns);
      try (ChunkCursor cursor = new ChunkCursor(file, chunk, columns)) {
        while (cursor.next()) {
          cursor.getBinary(1);
        }
      }
      BackupSet.fromJson(
          BackupSet.toJson(new Manifest(1, "warm-up", null, null, null, null, List.of())));
      dev.dbrestore.io.jdbc.Dialects.loadDrivers();
    } finally {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    return 0;
  }

  private static final class Touch extends DoFn<Integer, Integer> {
    private static final long serialVersionUID = 1L;

    @ProcessElement
    public void processElement(@Element Integer value, OutputReceiver<Integer> out) {
      out.output(value);
    }
  }
}
