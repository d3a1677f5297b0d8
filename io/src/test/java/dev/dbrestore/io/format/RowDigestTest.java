package dev.dbrestore.io.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RowDigestTest {
  private static final ColumnEncoding[] ENCODINGS = {
    ColumnEncoding.LONG, ColumnEncoding.TEXT, ColumnEncoding.BYTES, ColumnEncoding.FLOAT
  };

  @Test
  void theDigestDoesNotDependOnRowOrder_andEqualRowsDoNotCancel() {
    Object[] a = {1L, "a", new byte[] {1}, 1.5f};
    Object[] b = {2L, null, new byte[0], -0.0f};
    RowDigest forward = new RowDigest();
    forward.add(a, ENCODINGS);
    forward.add(b, ENCODINGS);
    RowDigest backward = new RowDigest();
    backward.add(b, ENCODINGS);
    backward.add(a, ENCODINGS);
    assertEquals(forward.hex(), backward.hex());

    RowDigest twice = new RowDigest();
    twice.add(a, ENCODINGS);
    twice.add(a, ENCODINGS);
    assertNotEquals("0".repeat(64), twice.hex());
    assertNotEquals(new RowDigest().hex(), twice.hex());
  }

  @Test
  void limbAdditionMatchesBigIntegerModulo2To256() {
    Random random = new Random(42);
    long[] limbs = new long[4];
    BigInteger expected = BigInteger.ZERO;
    for (int i = 0; i < 10_000; i++) {
      byte[] value = new byte[32];
      random.nextBytes(value);
      if (i % 100 == 0) {
        java.util.Arrays.fill(value, (byte) 0xff);
      }
      RowDigest.add(limbs, value);
      expected = expected.add(new BigInteger(1, value)).mod(BigInteger.ONE.shiftLeft(256));
    }
    BigInteger actual = BigInteger.ZERO;
    for (long limb : limbs) {
      actual = actual.shiftLeft(64).add(new BigInteger(Long.toUnsignedString(limb)));
    }
    assertEquals(expected, actual);
  }

  @Test
  void partsCombineToTheWhole() {
    Object[] a = {1L, "x", new byte[] {9}, 2f};
    Object[] b = {3L, "y", null, 4f};
    RowDigest whole = new RowDigest();
    whole.add(a, ENCODINGS);
    whole.add(b, ENCODINGS);
    RowDigest first = new RowDigest();
    first.add(a, ENCODINGS);
    RowDigest second = new RowDigest();
    second.add(b, ENCODINGS);
    assertEquals(whole.hex(), RowDigest.combine(List.of(first.hex(), second.hex())));
  }

  @Test
  void textGivenAsItsUtf8BytesDigestsLikeTheString() {
    ColumnEncoding[] encodings = {ColumnEncoding.TEXT, ColumnEncoding.SERVER_TEXT};
    RowDigest asStrings = new RowDigest();
    asStrings.add(new Object[] {"😀 ß\tx", "12.50"}, encodings);
    RowDigest asBytes = new RowDigest();
    asBytes.add(
        new Object[] {
          "😀 ß\tx".getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "12.50".getBytes(java.nio.charset.StandardCharsets.UTF_8)
        },
        encodings);
    org.junit.jupiter.api.Assertions.assertEquals(asStrings.hex(), asBytes.hex());
  }

  @Test
  void aRowHashesItsCanonicalEncoding_smallAndLargeValuesAlike() throws Exception {
    byte[] large = new byte[200_000];
    new java.util.Random(3).nextBytes(large);
    ColumnEncoding[] encodings = {
      ColumnEncoding.LONG, ColumnEncoding.TEXT, ColumnEncoding.BYTES, ColumnEncoding.DOUBLE,
      ColumnEncoding.FLOAT
    };
    RowDigest digest = new RowDigest();
    digest.add(new Object[] {-5L, "é", large, null, 1.5f}, encodings);
    java.io.ByteArrayOutputStream canonical = new java.io.ByteArrayOutputStream();
    java.io.DataOutputStream out = new java.io.DataOutputStream(canonical);
    out.writeByte(1);
    out.writeLong(-5L);
    out.writeByte(4);
    out.writeInt(2);
    out.write(new byte[] {(byte) 0xc3, (byte) 0xa9});
    out.writeByte(5);
    out.writeInt(large.length);
    out.write(large);
    out.writeByte(0);
    out.writeByte(2);
    out.writeInt(Float.floatToIntBits(1.5f));
    byte[] sha =
        java.security.MessageDigest.getInstance("SHA-256").digest(canonical.toByteArray());
    org.junit.jupiter.api.Assertions.assertEquals(
        java.util.HexFormat.of().formatHex(sha), digest.hex());
  }
}
