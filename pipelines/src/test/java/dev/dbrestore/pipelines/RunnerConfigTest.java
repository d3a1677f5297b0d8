package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
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

  @Test
  void theBundledJarIsFoundBesideTheLauncherJar_besideTargetClasses_andAsItself() throws Exception {
    Path target = Files.createDirectories(dir.resolve("target"));
    Path classes = Files.createDirectories(target.resolve("classes"));
    Path bundled = Files.writeString(target.resolve("dbrestore-bundled.jar"), "jar");
    Path launcherJar = Files.writeString(target.resolve("dbrestore.jar"), "jar");
    assertEquals(bundled, RunnerConfig.bundledJar(launcherJar));
    assertEquals(bundled, RunnerConfig.bundledJar(classes));
    assertEquals(bundled, RunnerConfig.bundledJar(bundled));
  }

  @Test
  void aMissingBundledJarSaysHowToBuildIt() throws Exception {
    Path launcherJar = Files.writeString(dir.resolve("dbrestore.jar"), "jar");
    UserError e = assertThrows(UserError.class, () -> RunnerConfig.bundledJar(launcherJar));
    assertEquals(
        "A Flink cluster runs dbrestore from " + dir.resolve("dbrestore-bundled.jar")
            + ", which is not there; build it with mvn -B -DskipTests package (or list the jars"
            + " to send in filesToStage).",
        e.getMessage());
  }
}
