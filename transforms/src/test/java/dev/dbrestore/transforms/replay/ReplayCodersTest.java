package dev.dbrestore.transforms.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dbrestore.io.format.ColumnEncoding;
import dev.dbrestore.io.jdbc.ChangeLogReader.Column;
import dev.dbrestore.io.jdbc.ChangeLogReader.Operation;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class ReplayCodersTest {
  private static final List<Column> COLUMNS = List.of(
      new Column("id", ColumnEncoding.LONG), new Column("f", ColumnEncoding.FLOAT),
      new Column("d", ColumnEncoding.DOUBLE), new Column("t", ColumnEncoding.TEXT),
      new Column("n", ColumnEncoding.SERVER_TEXT), new Column("b", ColumnEncoding.BYTES));

  private static final Object[] ROW = {
    Long.MIN_VALUE, Float.intBitsToFloat(0x7fc00001), -0.0d, "héllo 🐬 'x'", "18446744073709551615",
    new byte[] {0, (byte) 0xff, 10}
  };

  @Test
  void rowChangesComeBackWithEveryValueBitForBit_andSharedColumnsStayShared() throws Exception {
    List<RowChange> changes = List.of(
        new RowChange(7, 0, Operation.UPDATE, "db", "t", COLUMNS, List.of("id"), ROW,
            new Object[] {1L, null, null, null, null, null}),
        new RowChange(8, 3, Operation.DELETE, "db", "other", COLUMNS, List.of(), ROW, null));
    List<RowChange> back = CoderUtils.clone(ReplayCoders.RowChangesCoder.of(), changes);
    assertEquals(changes.toString(), back.toString());
    for (int i = 0; i < changes.size(); i++) {
      assertEquals(true, Arrays.deepEquals(changes.get(i).before(), back.get(i).before()));
      assertEquals(true, Arrays.deepEquals(changes.get(i).after(), back.get(i).after()));
      assertEquals(changes.get(i).columns(), back.get(i).columns());
      assertEquals(changes.get(i).primaryKey(), back.get(i).primaryKey());
    }
    assertEquals(Float.floatToRawIntBits((Float) ROW[1]),
        Float.floatToRawIntBits((Float) back.get(0).before()[1]));
    assertEquals(true, back.get(0).columns() == back.get(1).columns());
  }

  @Test
  void netChangesComeBackWhole() throws Exception {
    RowChange c = new RowChange(7, 0, Operation.UPDATE, "db", "t", COLUMNS, List.of("id"), ROW,
        new Object[] {2L, 1.5f, 2.5d, "a", "1.00", new byte[0]});
    List<NetChange> nets = NetChange.of(c);
    List<NetChange> back = CoderUtils.clone(ReplayCoders.NetChangesCoder.of(), nets);
    assertEquals(nets.toString(), back.toString());
    for (int i = 0; i < nets.size(); i++) {
      NetChange a = nets.get(i);
      NetChange b = back.get(i);
      assertEquals(a.keyText(), b.keyText());
      assertEquals(true, Arrays.deepEquals(a.before(), b.before()));
      assertEquals(a.existedBefore(), b.existedBefore());
      assertEquals(List.of(a.firstTransaction(), a.firstIndex(), a.lastTransaction(),
          a.lastIndex()), List.of(b.firstTransaction(), b.firstIndex(), b.lastTransaction(),
          b.lastIndex()));
      assertEquals(a.beforeColumns(), b.beforeColumns());
      assertEquals(a.keyEncodings(), b.keyEncodings());
    }
  }

  @Test
  void aValueOfAnotherKindIsRefused() {
    RowChange c = new RowChange(1, 0, Operation.INSERT, "db", "t",
        List.of(new Column("x", ColumnEncoding.TEXT)), List.of(), null,
        new Object[] {new java.math.BigDecimal("1")});
    assertThrows(CoderException.class,
        () -> CoderUtils.encodeToByteArray(ReplayCoders.RowChangeCoder.of(), c));
  }
}
