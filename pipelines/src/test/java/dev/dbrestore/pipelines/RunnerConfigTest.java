package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunnerConfigTest {
  @TempDir Path dir;

  @Test
  void theDefaultIsTheDirectRunnerConfig() {
    RestoreOptions options = RunnerConfig.options(RestoreOptions.class, null, List.of());
    assertEquals("DirectRunner", options.getRunner().getSimpleName());
    assertEquals(4, options.as(DirectOptions.class).getTargetParallelism());
  }

  @Test
  void flinkLocalRunsEmbeddedWithParallelismTwo() {
    FlinkPipelineOptions options =
        RunnerConfig.options(RestoreOptions.class, "flink-local", List.of())
            .as(FlinkPipelineOptions.class);
    assertEquals("[local]", options.getFlinkMaster());
    assertEquals(2, options.getParallelism());
  }

  @Test
  void theCommandLineWinsOverTheFile() throws Exception {
    Path config = dir.resolve("mine.yaml");
    Files.writeString(config, "runner: DirectRunner\ntargetParallelism: 3\n");
    DirectOptions options =
        RunnerConfig.options(RestoreOptions.class, config.toString(), List.of("--targetParallelism=7"))
            .as(DirectOptions.class);
    assertEquals(7, options.getTargetParallelism());
  }

  @Test
  void anUnknownConfigNameIsAUsageError() {
    UsageError e =
        assertThrows(
            UsageError.class, () -> RunnerConfig.options(RestoreOptions.class, "nope", List.of()));
    assertTrue(e.getMessage().contains("direct, flink-local, flink-cluster"), e.getMessage());
  }
}
