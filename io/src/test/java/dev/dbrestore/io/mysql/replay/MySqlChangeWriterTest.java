package dev.dbrestore.io.mysql.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's one-phase write statement for MySQL and MariaDB targets. */
class MySqlChangeWriterTest {
  @Test
  void upsertRow_setsEveryColumnFromTheInsertedRow_withOddNamesQuoted() {
    String sql = MySqlChangeWriter.INSTANCE.upsertRow("shop", "odd`table", List.of("id", "a`b"));
    assertEquals(
        "INSERT INTO `shop`.`odd``table` (`id`, `a``b`) VALUES (?, ?)"
            + " ON DUPLICATE KEY UPDATE `id` = VALUES(`id`), `a``b` = VALUES(`a``b`)",
        sql);
  }
}
