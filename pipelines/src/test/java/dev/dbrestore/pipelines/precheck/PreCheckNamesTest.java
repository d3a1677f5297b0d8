package dev.dbrestore.pipelines.precheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreCheckNamesTest {
  @Test
  void theReadmeStatesAsManyPreCheckItemsAsThereAre() throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    String stated = "The pre-check's " + Check.values().length + " items";
    assertTrue(readme.contains(stated), "README.md should say: " + stated);
  }
}
