package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dbrestore query} over a Sakila set backed up from a real MariaDB server: every table's
 * row count, and sums and extremes of its DECIMAL, DATETIME, TIMESTAMP, YEAR, ENUM, SET and
 * BLOB columns, equal what the source server answers to the same question.
 */
class SakilaQueryIT {
  @TempDir static Path work;

  private static EmbeddedMariaDb source;
  private static Path set;

  @BeforeAll
  static void backUpSakila() throws Exception {
    Sakila.requireOrSkip();
    source = TestServers.source();
    Sakila.loadInto(source);
    set = work.resolve("sakila");
    CliRun backup = CliRun.of("backup", "--source", source.jdbcUrl(), "--user", "root",
        "--database", "sakila", "--output", set.toString(), "--chunk-rows", "5000");
    assertEquals(0, backup.exit(), backup.err());
  }

  @Test
  void everyTablesRowCountEqualsTheSources() throws Exception {
    List<String> tables = TestServers.column(source, "SELECT TABLE_NAME FROM"
        + " information_schema.TABLES WHERE TABLE_SCHEMA = 'sakila' AND TABLE_TYPE = 'BASE TABLE'"
        + " ORDER BY TABLE_NAME");
    assertTrue(tables.size() >= 16, tables.toString());
    List<String> counts = new ArrayList<>();
    Map<String, String> expected = new TreeMap<>();
    for (String table : tables) {
      counts.add("SELECT '" + table + "' AS t, count(*) AS n FROM sakila." + table);
      expected.put(table, TestServers.single(source, "SELECT COUNT(*) FROM sakila." + table));
    }

    CliRun run = query(String.join(" UNION ALL ", counts), "--format", "csv");

    assertEquals(0, run.exit(), run.err());
    Map<String, String> actual = new TreeMap<>();
    List<List<String>> rows = QueryIT.csv(run.out());
    assertEquals(List.of("t", "n"), rows.get(0));
    rows.subList(1, rows.size()).forEach(row -> actual.put(row.get(0), row.get(1)));
    assertEquals(expected, actual);
  }

  @Test
  void sumsAndExtremesEqualTheSources() throws Exception {
    CliRun run = query("SELECT"
        + " (SELECT sum(amount) FROM sakila.payment) AS payments,"
        + " (SELECT sum(replacement_cost) FROM sakila.film) AS replacement,"
        + " (SELECT sum(rental_rate * rental_duration) FROM sakila.film) AS rates,"
        + " (SELECT sum(length) FROM sakila.film) AS minutes,"
        + " (SELECT max(rental_date) FROM sakila.rental) AS last_rental,"
        + " (SELECT count(DISTINCT customer_id) FROM sakila.rental WHERE return_date IS NULL)"
        + " AS open_customers,"
        + " (SELECT hex(picture) FROM sakila.staff WHERE staff_id = 1) AS picture,"
        + " (SELECT epoch(max(last_update))::BIGINT FROM sakila.payment) AS last_update,"
        + " (SELECT sum(release_year) FROM sakila.film) AS years,"
        + " (SELECT count(*) FROM sakila.film WHERE rating = 'PG-13'"
        + " AND special_features LIKE '%Trailers%') AS pg13_trailers,"
        + " (SELECT description FROM sakila.film WHERE film_id = 1) AS description",
        "--format", "json");

    assertEquals(0, run.exit(), run.err());
    JsonNode row = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
        .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true)).readTree(run.out()).get(0);
    assertEquals(TestServers.single(source, "SELECT SUM(amount) FROM sakila.payment"),
        row.get("payments").decimalValue().toPlainString());
    assertEquals(TestServers.single(source, "SELECT SUM(replacement_cost) FROM sakila.film"),
        row.get("replacement").decimalValue().toPlainString());
    assertEquals(
        TestServers.single(source, "SELECT SUM(rental_rate * rental_duration) FROM sakila.film"),
        row.get("rates").decimalValue().toPlainString());
    assertEquals(TestServers.single(source, "SELECT SUM(length) FROM sakila.film"),
        row.get("minutes").asText());
    assertEquals(TestServers.single(source, "SELECT MAX(rental_date) FROM sakila.rental"),
        row.get("last_rental").asText());
    assertEquals(TestServers.single(source, "SELECT COUNT(DISTINCT customer_id)"
        + " FROM sakila.rental WHERE return_date IS NULL"), row.get("open_customers").asText());
    assertEquals(TestServers.single(source, "SELECT HEX(picture) FROM sakila.staff"
        + " WHERE staff_id = 1"), nullable(row.get("picture")));
    // UNIX_TIMESTAMP reads the TIMESTAMP in the session's zone: the instant, as DuckDB's epoch.
    assertEquals(TestServers.single(source, "SELECT UNIX_TIMESTAMP(MAX(last_update))"
        + " FROM sakila.payment"), row.get("last_update").asText());
    assertEquals(TestServers.single(source, "SELECT SUM(release_year) FROM sakila.film"),
        row.get("years").asText());
    assertEquals(TestServers.single(source, "SELECT COUNT(*) FROM sakila.film WHERE rating ="
        + " 'PG-13' AND special_features LIKE '%Trailers%'"), row.get("pg13_trailers").asText());
    assertEquals(TestServers.single(source, "SELECT description FROM sakila.film"
        + " WHERE film_id = 1"), row.get("description").asText());
  }

  private static String nullable(JsonNode value) {
    return value == null || value.isNull() ? null : value.asText();
  }

  private static CliRun query(String sql, String... more) {
    List<String> args = new ArrayList<>(List.of("query", "--backup-set", set.toString()));
    args.addAll(List.of(more));
    args.add(sql);
    return CliRun.of(args.toArray(String[]::new));
  }
}
