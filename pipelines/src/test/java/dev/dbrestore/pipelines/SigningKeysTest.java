package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.UserError;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SigningKeysTest {
  private static final String KEY = "0123456789abcdef0123";

  @TempDir Path work;

  @Test
  void aKeyFileIsItsWholeContent_lessOneFinalLineBreak() throws Exception {
    byte[] expected = KEY.getBytes(StandardCharsets.UTF_8);
    for (String content : new String[] {KEY, KEY + "\n", KEY + "\r\n"}) {
      Path file = Files.writeString(work.resolve("k" + content.length()), content);
      assertArrayEquals(expected, SigningKeys.resolve(null, file.toString()), content);
    }
    Path twoLines = Files.writeString(work.resolve("two"), KEY + "\nmore\n");
    assertArrayEquals(
        (KEY + "\nmore").getBytes(StandardCharsets.UTF_8),
        SigningKeys.resolve(null, twoLines.toString()));
  }

  @Test
  void shortMissingOrDoublyGivenKeysAreRefused_withoutShowingTheKey() throws Exception {
    Path file = Files.writeString(work.resolve("short"), "fifteen-bytes!!\n");
    UserError shortKey =
        assertThrows(UserError.class, () -> SigningKeys.resolve(null, file.toString()));
    assertTrue(shortKey.getMessage().contains("has 15 bytes"), shortKey.getMessage());
    assertTrue(!shortKey.getMessage().contains("fifteen-bytes"), shortKey.getMessage());
    assertThrows(UserError.class, () -> SigningKeys.resolve(null, work.resolve("none").toString()));
    assertThrows(UserError.class, () -> SigningKeys.resolve("X", file.toString()));
    assertThrows(
        UserError.class, () -> SigningKeys.resolve("DBRESTORE_SURELY_UNSET_VARIABLE_42", null));
    assertNull(SigningKeys.resolve(null, null));
  }
}
