package dev.dbrestore.pipelines;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Sakila sample database from {@code ../shared/datasets/sakila} beside the checkout. A
 * user's fresh clone has no {@code ../shared}: tests then skip and say why, unless
 * {@code -Ddbrestore.requireSakila=true} (set by CI) makes its absence a failure.
 */
final class Sakila {
  private Sakila() {}

  static Path folder() {
    String override = System.getenv("DBRESTORE_SAKILA_DIR");
    if (override != null) {
      return Path.of(override);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isRegularFile(dir.resolve("dbrestore"))) {
      dir = dir.getParent();
    }
    Path checkout = dir == null ? Path.of("").toAbsolutePath() : dir;
    return checkout.resolveSibling("shared").resolve("datasets").resolve("sakila");
  }

  /** Skips the calling test with a printed reason when the dataset is absent. */
  static Path requireOrSkip() {
    Path folder = folder();
    boolean present = Files.isRegularFile(folder.resolve("sakila-mv-schema.sql"));
    if (!present) {
      String reason =
          "Sakila is not at " + folder + " (a checkout without ../shared); this test needs it.";
      if (Boolean.getBoolean("dbrestore.requireSakila")) {
        Assertions.fail(reason);
      }
      System.out.println("SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    return folder;
  }

  /** Loads Sakila into the server unless it is already there. */
  static synchronized void loadInto(EmbeddedMariaDb server) throws Exception {
    Path folder = requireOrSkip();
    boolean loaded =
        "1".equals(
                TestServers.single(
                    server,
                    "SELECT COUNT(*) FROM information_schema.TABLES"
                        + " WHERE TABLE_SCHEMA = 'sakila' AND TABLE_NAME = 'film_text'"))
            && "1000".equals(TestServers.single(server, "SELECT COUNT(*) FROM sakila.film_text"));
    if (loaded) {
      return;
    }
    server.source(folder.resolve("sakila-mv-schema.sql"));
    server.source(folder.resolve("sakila-mv-data.sql"));
  }
}
