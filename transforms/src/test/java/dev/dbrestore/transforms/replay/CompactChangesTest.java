package dev.dbrestore.transforms.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader.Column;
import dev.dbrestore.io.jdbc.ChangeLogReader.Operation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.apache.beam.runners.direct.DirectRunner;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.junit.jupiter.api.Test;

/*
 * A plain Pipeline on the DirectRunner and PAssert.satisfies, as MapTablesTest explains: this
 * module's test classpath has neither JUnit 4 (TestPipeline's rule) nor Hamcrest.
 */
class CompactChangesTest {
  private static final List<Column> COLUMNS =
      List.of(new Column("id", ColumnEncoding.LONG), new Column("v", ColumnEncoding.TEXT));

  private final transient Pipeline pipeline = directPipeline();

  private static Pipeline directPipeline() {
    PipelineOptions options = PipelineOptionsFactory.create();
    options.setRunner(DirectRunner.class);
    return Pipeline.create(options);
  }

  private static RowChange change(
      long transaction, int index, Operation op, Object[] before, Object[] after) {
    return new RowChange(transaction, index, op, "db", "t", COLUMNS, List.of("id"), before, after);
  }

  private static Object[] row(long id, String v) {
    return new Object[] {id, v};
  }

  /** Each net change as "key -> image (existed before)", sorted. */
  private static Void renders(Iterable<NetChange> actual, String... expected) {
    List<String> got = new ArrayList<>();
    for (NetChange n : actual) {
      got.add(Arrays.deepToString(n.key()) + " -> "
          + (n.image() == null ? "deleted" : Arrays.deepToString(n.image()))
          + (n.existedBefore() ? " (was there)" : " (new)"));
    }
    Collections.sort(got);
    List<String> want = new ArrayList<>(List.of(expected));
    Collections.sort(want);
    assertEquals(want, got);
    return null;
  }

  private PCollection<NetChange> compact(RowChange... changes) {
    return pipeline
        .apply(Create.of(List.of(changes)).withCoder(ReplayCoders.RowChangeCoder.of()))
        .apply(CompactChanges.perKey())
        .apply(FlatMapElements.into(TypeDescriptor.of(NetChange.class))
            .via((KV<String, List<NetChange>> bucket) -> bucket.getValue()))
        .setCoder(SerializableCoder.of(NetChange.class));
  }

  @Test
  void aRowUpdatedManyTimesComesOutOnce_withItsLastImage() {
    List<RowChange> changes = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      changes.add(change(i + 1, 0, Operation.UPDATE, row(1, "v" + i), row(1, "v" + (i + 1))));
    }
    // Given out of order: the place in the log decides, not the order of arrival.
    Collections.shuffle(changes, new java.util.Random(7));
    PAssert.that(compact(changes.toArray(RowChange[]::new)))
        .satisfies(a -> renders(a, "[1] -> [1, v1000] (was there)"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void insertThenDelete_isADeleteOfANewRow_andDeleteThenInsert_isTheNewImage() {
    PAssert.that(compact(
            change(1, 0, Operation.INSERT, null, row(5, "a")),
            change(2, 0, Operation.DELETE, row(5, "a"), null),
            change(1, 1, Operation.DELETE, row(6, "old"), null),
            change(3, 0, Operation.INSERT, null, row(6, "new"))))
        .satisfies(a -> renders(a, "[5] -> deleted (new)", "[6] -> [6, new] (was there)"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anUpdateThatChangesTheKey_deletesTheOldKey_andLaterChangesOrderWithinATransaction() {
    PAssert.that(compact(
            change(1, 0, Operation.UPDATE, row(1, "x"), row(2, "x")),
            change(1, 1, Operation.UPDATE, row(2, "x"), row(2, "y")),
            change(1, 2, Operation.INSERT, null, row(1, "again"))))
        .satisfies(a -> renders(a, "[1] -> [1, again] (was there)", "[2] -> [2, y] (new)"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void twoRowsSwappingAUniqueValue_eachKeepsItsOwnFinalImage() {
    PAssert.that(compact(
            change(1, 0, Operation.UPDATE, row(1, "a"), row(1, "tmp")),
            change(1, 1, Operation.UPDATE, row(2, "b"), row(2, "a")),
            change(1, 2, Operation.UPDATE, row(1, "tmp"), row(1, "b"))))
        .satisfies(a -> renders(a, "[1] -> [1, b] (was there)", "[2] -> [2, a] (was there)"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keysOfTheSameValueInAnotherTypeOrTableAreOtherKeys() {
    assertEquals(false,
        RowChange.keyText("db", "t", new Object[] {1L})
            .equals(RowChange.keyText("db", "t", new Object[] {"1"})));
    assertEquals(false,
        RowChange.keyText("db", "t1", new Object[] {"x"})
            .equals(RowChange.keyText("db", "t", new Object[] {"1x"})));
    assertEquals(RowChange.keyText("db", "t", new Object[] {new byte[] {1, 2}}),
        RowChange.keyText("db", "t", new Object[] {new byte[] {1, 2}}));
  }
}
