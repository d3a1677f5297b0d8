package dev.dbrestore.transforms.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChunkPlannerTest {

  @Test
  void fileSafeKeepsLettersDigitsUnderscoresAndHyphens() {
    assertEquals("Orders_2024-q1", ChunkPlanner.fileSafe("Orders_2024-q1"));
  }

  @Test
  void fileSafeReplacesSpacesSlashesBackticksAndDotsWithUnderscores() {
    assertEquals("order_items", ChunkPlanner.fileSafe("order items"));
    assertEquals("a_b", ChunkPlanner.fileSafe("a/b"));
    assertEquals("a_b", ChunkPlanner.fileSafe("a`b"));
    assertEquals("a_b", ChunkPlanner.fileSafe("a.b"));
    assertEquals("___", ChunkPlanner.fileSafe(".._"));
    assertEquals("a_b", ChunkPlanner.fileSafe("a\\b"));
  }

  @Test
  void fileSafeReplacesNonAsciiCharactersWithUnderscores() {
    assertEquals("Stra_e", ChunkPlanner.fileSafe("Straße"));
    assertEquals("caf_", ChunkPlanner.fileSafe("café"));
    assertEquals("__", ChunkPlanner.fileSafe("表格"));
  }

  @Test
  void fileSafeCapsANameAt60Characters() {
    String long70 = "a".repeat(70);
    assertEquals("a".repeat(60), ChunkPlanner.fileSafe(long70));
    assertEquals("b".repeat(60), ChunkPlanner.fileSafe("b".repeat(60)));
    assertEquals(60, ChunkPlanner.fileSafe("x y".repeat(30)).length());
  }

  @Test
  void fileSafeResultIsAPlainChunkFileNamePart() {
    String safe = ChunkPlanner.fileSafe("we`ird/../näme with.dots");
    assertEquals("we_ird____n_me_with_dots", safe);
  }
}
