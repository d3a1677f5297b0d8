package dev.dbrestore.pipelines;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import dev.dbrestore.io.s3.ObjectStoreOptions;
import dev.dbrestore.io.s3.PathStyleClientFactory;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/**
 * A way to run, read from a YAML file of pipeline options ({@code runner-configs/}): a path, or
 * the name of one that ships with dbrestore ({@code direct}, {@code flink-local},
 * {@code flink-cluster}). Options given on the command line win over the file's.
 */
public final class RunnerConfig {
  public static final String DEFAULT = "direct";

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
    return options;
  }

  /** Options that would carry a credential: refused, so none is serialized with a job. */
  private static final List<String> SECRET_OPTIONS =
      List.of("awsCredentialsProvider", "SSECustomerKey", "sSECustomerKey");
}
