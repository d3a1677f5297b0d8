package dev.dbrestore.pipelines.task;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.jdbc.Dialects;
import dev.dbrestore.pipelines.DbrestoreHome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The data sources named in a YAML file ({@code datasources.yaml} in dbrestore's home folder by
 * default):
 *
 * <pre>
 * datasources:
 *   db1:
 *     kind: KIND                   # one of Dialects.dataSourceKinds()
 *     url: JDBC_URL                # as Dialects.exampleUrls(host) shows
 *     user: backup
 *     passwordEnv: DB1_PASSWORD    # or passwordFile: /etc/dbrestore/db1.pw
 * </pre>
 *
 * The file says where each password is, never the password: a {@code password} key is refused,
 * as is any key not shown above.
 */
public final class DataSources {
  private static final Set<String> KINDS = Dialects.dataSourceKinds();
  private static final Set<String> KEYS = Set.of("kind", "url", "user", "passwordEnv", "passwordFile");
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final Map<String, DataSource> byName;

  private DataSources(Map<String, DataSource> byName) {
    this.byName = byName;
  }

  /**
   * The data sources in {@code fileOrNull}, or in the default file when null. A missing default
   * file means no data sources; a missing file given explicitly is an error.
   */
  public static DataSources load(Path fileOrNull) {
    Path file = fileOrNull == null ? DbrestoreHome.dataSources() : fileOrNull;
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(file));
    } catch (NoSuchFileException e) {
      if (fileOrNull == null) {
        return new DataSources(Map.of());
      }
      throw new UserError("The data-source file " + file + " does not exist.");
    } catch (JsonProcessingException e) {
      throw new UserError(
          "The data-source file " + file + " is not valid YAML: " + e.getOriginalMessage()
              + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")
              + ".",
          e);
    } catch (IOException e) {
      throw new UserError("Cannot read the data-source file " + file + ": " + e + ".", e);
    }
    return new DataSources(parse(file, tree));
  }

  /** The data source of this name, if the file has one. */
  public Optional<DataSource> get(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** Every data source, in file order. */
  public List<DataSource> all() {
    return List.copyOf(byName.values());
  }

  private static Map<String, DataSource> parse(Path file, JsonNode tree) {
    Map<String, DataSource> byName = new LinkedHashMap<>();
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      return byName; // An empty file.
    }
    if (!tree.isObject()) {
      throw new UserError(
          "The data-source file " + file + " must be a mapping with the key datasources.");
    }
    for (Iterator<String> keys = tree.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      if (!key.equals("datasources")) {
        throw new UserError(
            "The data-source file " + file + " has the unknown key " + key
                + "; its only top-level key is datasources.");
      }
    }
    JsonNode sources = tree.path("datasources");
    if (sources.isMissingNode() || sources.isNull()) {
      return byName;
    }
    if (!sources.isObject()) {
      throw new UserError(
          "In the data-source file " + file
              + ", datasources must map each data source's name to its settings.");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = sources.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      byName.put(entry.getKey(), dataSource(file, entry.getKey(), entry.getValue()));
    }
    return byName;
  }

  private static DataSource dataSource(Path file, String name, JsonNode settings) {
    String where = "The data source " + name + " in " + file;
    if (!settings.isObject()) {
      throw new UserError(where + " must be a mapping of kind, url, user and passwordEnv or"
          + " passwordFile.");
    }
    List<String> keys = new ArrayList<>();
    settings.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      if (key.equals("password")) {
        throw new UserError(
            where + " has a password key; a data-source file names where the password is, never"
                + " the password: use passwordEnv or passwordFile.");
      }
      if (!KEYS.contains(key)) {
        throw new UserError(
            where + " has the unknown key " + key
                + "; the keys are kind, url, user, passwordEnv and passwordFile.");
      }
    }
    String kind = text(where, settings, "kind");
    String url = text(where, settings, "url");
    String passwordEnv = text(where, settings, "passwordEnv");
    String passwordFile = text(where, settings, "passwordFile");
    if (kind == null || !KINDS.contains(kind)) {
      throw new UserError(
          where + (kind == null ? " has no kind" : " has the unknown kind " + kind)
              + "; give kind: " + Dialects.or(List.copyOf(KINDS)) + ".");
    }
    if (url == null) {
      throw new UserError(
          where + " has no url; give one like " + Dialects.exampleUrls("db1") + ".");
    }
    if (passwordEnv != null && passwordFile != null) {
      throw new UserError(where + " gives both passwordEnv and passwordFile; keep one.");
    }
    return new DataSource(
        name, kind, url, text(where, settings, "user"), passwordEnv, passwordFile);
  }

  /** A setting's text, or null when it is absent or empty (YAML {@code key:} with no value). */
  private static String text(String where, JsonNode settings, String key) {
    JsonNode value = settings.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode()) {
      throw new UserError(where + " gives " + key + " as a list or mapping; give it as text.");
    }
    String text = value.asText();
    return text.isEmpty() ? null : text;
  }
}
