package dev.dbrestore.io.parquet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader.Change;
import dev.dbrestore.io.jdbc.ChangeLogReader.Column;
import dev.dbrestore.io.jdbc.ChangeLogReader.Operation;
import dev.dbrestore.io.jdbc.ChangeLogReader.Transaction;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A log segment reads back as the transactions written into it, change by change. */
class ChangeSegmentRoundTripTest {
  @TempDir Path dir;

  private static final List<Column> COLUMNS =
      List.of(
          new Column("id", ColumnEncoding.LONG),
          new Column("f", ColumnEncoding.FLOAT),
          new Column("d", ColumnEncoding.DOUBLE),
          new Column("name with space", ColumnEncoding.TEXT),
          new Column("when", ColumnEncoding.SERVER_TEXT),
          new Column("b", ColumnEncoding.BYTES));
  private static final List<Column> OTHER_COLUMNS =
      List.of(new Column("k", ColumnEncoding.TEXT), new Column("v", ColumnEncoding.LONG));

  @Test
  void everyChangeComesBackAsWritten_acrossPagesAndRowGroups() throws Exception {
    List<Transaction> written = new ArrayList<>();
    long offset = 4;
    for (int t = 0; t < 3000; t++) {
      List<Change> changes = new ArrayList<>();
      Object[] row = {(long) t, t * 0.5f, t / 3.0, "😀 ß " + t, "0000-00-00 00:00:00.00000" + t % 10,
          new byte[] {(byte) t, 0, 1}};
      Object[] nulls = {(long) t, null, null, null, null, null};
      Object[] empties = {(long) t, 0f, -0.0, "", "", new byte[0]};
      switch (t % 5) {
        case 0 -> changes.add(change(Operation.INSERT, null, row, offset));
        case 1 -> {
          changes.add(change(Operation.UPDATE, row, nulls, offset));
          changes.add(change(Operation.UPDATE, nulls, empties, offset + 100));
        }
        case 2 -> changes.add(change(Operation.DELETE, empties, null, offset));
        case 3 -> changes.add(new Change(Operation.INSERT, "db2", "no key", OTHER_COLUMNS,
            List.of(), null, new Object[] {"k" + t, null}, null, offset));
        default -> changes.add(new Change(Operation.DDL, t % 2 == 0 ? "db1" : null, null,
            List.of(), List.of(), null, null, "ALTER TABLE `t` ADD `c" + t + "` INT", offset));
      }
      written.add(new Transaction(t % 7 == 0 ? null : "0-1-" + t, "binlog.00000" + (1 + t / 1000),
          offset, offset + 500, Instant.ofEpochSecond(1_800_000_000L + t), changes));
      offset += 500;
    }
    Path file = dir.resolve("segment-000001.parquet");
    try (ChangeSegmentWriter writer = new ChangeSegmentWriter(file, 64 * 1024)) {
      for (int i = 0; i < written.size(); i++) {
        writer.write(1000 + i, written.get(i));
      }
    }
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      assertTrue(footer.getRowGroups().size() > 1, "the test needs more than one row group");
    }

    List<ChangeSegmentReader.LoggedChange> read = ChangeSegmentReader.read(file);

    int n = 0;
    for (int i = 0; i < written.size(); i++) {
      Transaction t = written.get(i);
      for (int c = 0; c < t.changes().size(); c++) {
        ChangeSegmentReader.LoggedChange got = read.get(n++);
        String where = "transaction " + i + " change " + c;
        assertEquals(1000 + i, got.transaction(), where);
        assertEquals(c, got.index(), where);
        assertEquals(t.gtid(), got.gtid(), where);
        assertEquals(t.commitTime(), got.commitTime(), where);
        assertEquals(t.file(), got.binlogFile(), where);
        assertEquals(t.startOffset(), got.transactionPosition(), where);
        assertEquals(t.endOffset(), got.transactionEndPosition(), where);
        Change want = t.changes().get(c);
        Change have = got.change();
        assertEquals(want.operation(), have.operation(), where);
        assertEquals(want.database(), have.database(), where);
        assertEquals(want.table(), have.table(), where);
        assertEquals(want.columns(), have.columns(), where);
        assertEquals(want.primaryKey(), have.primaryKey(), where);
        assertImage(want.before(), have.before(), where + " before");
        assertImage(want.after(), have.after(), where + " after");
        assertEquals(want.statement(), have.statement(), where);
        assertEquals(want.eventOffset(), have.eventOffset(), where);
      }
    }
    assertEquals(n, read.size());
  }

  @Test
  void aParquetFileOfAnotherShapeIsRefusedNamingTheField() throws Exception {
    Schema other = SchemaBuilder.record("change").fields()
        .requiredString("transaction").endRecord();
    Path file = dir.resolve("segment-000002.parquet");
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(other).build()) {
      GenericData.Record r = new GenericData.Record(other);
      r.put("transaction", "1");
      writer.write(r);
    }
    IOException e = assertThrows(IOException.class, () -> ChangeSegmentReader.read(file));
    assertEquals("it is not a log segment: its field transaction is required binary"
        + " transaction (STRING) where the format has INT64", e.getMessage());
  }

  private static Change change(Operation op, Object[] before, Object[] after, long offset) {
    return new Change(op, "db1", "t", COLUMNS, List.of("id"), before, after, null, offset);
  }

  private static void assertImage(Object[] want, Object[] have, String where) {
    if (want == null) {
      assertNull(have, where);
      return;
    }
    assertEquals(want.length, have.length, where);
    for (int i = 0; i < want.length; i++) {
      if (want[i] instanceof byte[] bytes) {
        assertArrayEquals(bytes, (byte[]) have[i], where + " column " + i);
      } else {
        assertEquals(want[i], have[i], where + " column " + i);
      }
    }
  }
}
