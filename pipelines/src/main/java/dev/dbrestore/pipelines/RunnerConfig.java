package dev.dbrestore.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.s3.ObjectStoreOptions;
import dev.dbrestore.io.s3.PathStyleClientFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.beam.runners.flink.FlinkPipelineOptions;
import org.apache.beam.runners.flink.FlinkRunner;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A way to run, read from a YAML file of pipeline options ({@code runner-configs/}): a path, or
 * the name of one that ships with dbrestore ({@code direct}, {@code flink-local},
 * {@code flink-cluster}). Options given on the command line win over the file's.
 *
 * <p>A FlinkRunner with a cluster's address stages {@code dbrestore-bundled.jar} alone unless
 * {@code filesToStage} is given, and the cluster's REST endpoint must answer before anything runs.
 */
public final class RunnerConfig {
  public static final String DEFAULT = "direct";

  /** The jar a job takes to a Flink cluster, built by mvn package beside dbrestore.jar. */
  public static final String BUNDLED_JAR = "dbrestore-bundled.jar";

  /** Flink masters that run in this process or in the client's own environment. */
  private static final Set<String> NOT_A_CLUSTER_ADDRESS = Set.of("[local]", "[collection]", "[auto]");

  private RunnerConfig() {}

  /** The options in a runner config, as name to value. */
  public static Map<String, String> load(String nameOrPath) {
    String name = nameOrPath == null ? DEFAULT : nameOrPath;
    Map<String, Object> raw;
    try (InputStream in = open(name)) {
      @SuppressWarnings("unchecked")
      Map<String, Object> parsed = new ObjectMapper(new YAMLFactory()).readValue(in, Map.class);
      raw = parsed == null ? Map.of() : parsed;
    } catch (IOException e) {
      throw new UsageError("The runner config " + name + " is not valid YAML: " + e.getMessage());
    }
    Map<String, String> options = new LinkedHashMap<>();
    raw.forEach(
        (key, value) ->
            options.put(
                key,
                value instanceof List<?> list
                    ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                    : String.valueOf(value)));
    return options;
  }

  private static InputStream open(String name) throws IOException {
    Path path = Path.of(name);
    if (Files.isRegularFile(path)) {
      return Files.newInputStream(path);
    }
    String resource = "runner-configs/" + (name.endsWith(".yaml") ? name : name + ".yaml");
    InputStream bundled = RunnerConfig.class.getClassLoader().getResourceAsStream(resource);
    if (bundled == null) {
      throw new UsageError(
          "There is no runner config "
              + name
              + "; give a YAML file or one of direct, flink-local, flink-cluster.");
    }
    return bundled;
  }

  /**
   * Pipeline options of the given type from a runner config and command-line options of the form
   * {@code --name=value}; the command line wins.
   */
  public static <T extends PipelineOptions> T options(
      Class<T> type, String runnerConfig, List<String> commandLine) {
    Map<String, String> merged = new LinkedHashMap<>(load(runnerConfig));
    for (String argument : commandLine) {
      if (!argument.startsWith("--") || !argument.contains("=")) {
        throw new UsageError(
            "Unknown argument "
                + argument
                + "; pipeline options take the form --name=value (see --help).");
      }
      int equals = argument.indexOf('=');
      merged.put(argument.substring(2, equals), argument.substring(equals + 1));
    }
    for (String secret : SECRET_OPTIONS) {
      if (merged.containsKey(secret)) {
        throw new UsageError("The pipeline option " + secret + " would put a secret into the"
            + " job's options; give S3 credentials through the AWS default chain instead"
            + " (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment, or a profile).");
      }
    }
    List<String> args = new ArrayList<>();
    merged.forEach((key, value) -> args.add("--" + key + "=" + value));
    PipelineOptionsFactory.register(type);
    PipelineOptionsFactory.register(ObjectStoreOptions.class);
    T options;
    try {
      options = PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(type);
    } catch (IllegalArgumentException e) {
      throw new UsageError("Invalid pipeline option: " + e.getMessage());
    }
    if (!merged.containsKey("s3ClientFactoryClass")) {
      options.as(ObjectStoreOptions.class).setS3ClientFactoryClass(PathStyleClientFactory.class);
    }
    if (!merged.containsKey("awsRegion")) {
      // Beam's default looks the region up when the file systems are registered, in every run,
      // S3 or not: off EC2 its instance-metadata probe took 0.76 to 0.93 s here. Unset, the S3
      // client looks it up with the same chain when it is built, at the first s3:// access.
      options.as(ObjectStoreOptions.class).setAwsRegion(null);
    }
    if (FlinkRunner.class.equals(options.getRunner())) {
      FlinkPipelineOptions flink = options.as(FlinkPipelineOptions.class);
      String master = flink.getFlinkMaster();
      if (master != null && !NOT_A_CLUSTER_ADDRESS.contains(master)) {
        if (flink.getFilesToStage() == null) {
          // Otherwise Beam stages the whole classpath: ~370 MB per job, Flink's own jars included.
          flink.setFilesToStage(List.of(bundledJar(codeSource()).toString()));
        }
        checkAnswers(master);
      }
    }
    // This process reads sets, repositories and logs through the same file systems (s3://...).
    FileSystems.setDefaultPipelineOptions(options);
    return options;
  }

  /**
   * The bundled jar for code loaded from {@code codeSource}: that jar itself, the one beside
   * {@code dbrestore.jar}, or the one in {@code target/} beside {@code target/classes}.
   */
  static Path bundledJar(Path codeSource) {
    Path jar;
    if (codeSource.getFileName() != null && codeSource.getFileName().toString().equals(BUNDLED_JAR)) {
      jar = codeSource;
    } else if (Files.isDirectory(codeSource)) {
      jar = codeSource.toAbsolutePath().getParent().resolve(BUNDLED_JAR);
    } else {
      jar = codeSource.toAbsolutePath().resolveSibling(BUNDLED_JAR);
    }
    if (!Files.isRegularFile(jar)) {
      throw new UserError(
          "A Flink cluster runs dbrestore from " + jar + ", which is not there; build it with"
              + " mvn -B -DskipTests package (or list the jars to send in filesToStage).");
    }
    return jar;
  }

  private static Path codeSource() {
    try {
      return Path.of(RunnerConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fails in one sentence when the cluster's REST endpoint does not answer. */
  private static void checkAnswers(String master) {
    String address = master.replaceFirst("^https?://", "");
    String problem;
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<Void> response =
          client.send(
              HttpRequest.newBuilder(URI.create("http://" + address + "/config"))
                  .timeout(Duration.ofSeconds(20))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() == 200) {
        return;
      }
      problem = "it answered HTTP " + response.statusCode();
    } catch (java.net.ConnectException e) {
      problem = "connection refused";
    } catch (java.net.http.HttpTimeoutException e) {
      problem = "no answer within 20 s";
    } catch (IOException | IllegalArgumentException e) {
      problem = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      problem = "interrupted";
    }
    throw new UserError(
        "The Flink cluster at " + address + " (flinkMaster) does not answer (" + problem
            + "); start it (runner-configs/flink-session-cluster/start.sh) or give its REST"
            + " address as --flinkMaster=HOST:PORT or in the runner config.");
  }

  /** Options that would carry a credential: refused, so none is serialized with a job. */
  private static final List<String> SECRET_OPTIONS =
      List.of("awsCredentialsProvider", "SSECustomerKey", "sSECustomerKey");
}
