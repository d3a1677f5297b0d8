package dev.dbrestore.pipelines.cli;

import dev.dbrestore.pipelines.DbrestoreHome;
import dev.dbrestore.pipelines.RunnerConfig;
import dev.dbrestore.pipelines.console.ConsoleServer;
import dev.dbrestore.pipelines.console.TaskRunner;
import dev.dbrestore.pipelines.progress.Progress;
import dev.dbrestore.pipelines.progress.ProgressMode;
import dev.dbrestore.pipelines.restore.RestoreJob;
import dev.dbrestore.pipelines.restore.RestoreOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/** {@code dbrestore console}: the restore console in the browser, over the same task engine. */
@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Serves the restore console: the task list, each task's details with live progress, the"
          + " create-recovery wizard (task, objects, mapping, pre-check, start) and the backup"
          + " sets. A task started there runs and is recorded exactly as dbrestore restore"
          + " --task does; the wizard offers that task file for download.",
      "It listens on 127.0.0.1 unless --bind says otherwise and prints one line,"
          + " Console: http://127.0.0.1:PORT/?token=TOKEN; every request needs that token (the"
          + " first visit sets a cookie). Targets are data sources (--datasources), whose"
          + " passwords stay in their environment variables or files. Ctrl-C stops it.",
      "Example: dbrestore console --port 8080 --datasources ~/.dbrestore/datasources.yaml"
    })
public final class ConsoleCommand implements Callable<Integer> {
  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
      description = "The port to listen on (default 8080; 0 picks a free one).")
  int port;

  @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
      description = "The address to listen on (default 127.0.0.1: this machine only). Anyone"
          + " who can reach it and has the token can restore into your data sources.")
  String bind;

  @Option(names = "--datasources", paramLabel = "FILE",
      description = "The data-source file (default ~/.dbrestore/datasources.yaml).")
  Path dataSources;

  @Option(names = "--repository", paramLabel = "DIR",
      description = "The backup repository's root (default ~/.dbrestore/backups).")
  String repository;

  @Option(names = "--runner-config", paramLabel = "FILE",
      description = "How the tasks run: a YAML file of pipeline options, or direct (the"
          + " default), flink-local or flink-cluster from runner-configs/.")
  String runnerConfig;

  @Option(names = "--verbose", description = "Print stack traces and Beam's own progress.")
  boolean verbose;

  @Unmatched List<String> pipelineOptions = new ArrayList<>();

  @Override
  public Integer call() throws InterruptedException {
    Logging.configure(verbose);
    // Checked now, so a bad option is refused at start rather than at the first task.
    RunnerConfig.options(RestoreOptions.class, runnerConfig, pipelineOptions);
    Progress.show(ProgressMode.NONE);
    TaskRunner runner =
        new TaskRunner(
            () -> RunnerConfig.options(RestoreOptions.class, runnerConfig, pipelineOptions),
            new RestoreJob.Settings(dataSources, repository, false, DbrestoreHome.tasks()));
    ConsoleServer server = new ConsoleServer(runner).start(bind, port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "console-stop"));
    System.out.println("Console: " + server.url(bind));
    System.out.flush();
    stopped.await();
    return 0;
  }
}
