package dev.dbrestore.io.format;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A digest of a set of rows that does not depend on their order: the sum, modulo 2^256, of the
 * SHA-256 of each row's canonical encoding. A sum rather than an XOR, so two equal rows do not
 * cancel out (tables without a key may hold duplicates). Digests of parts add up to the digest
 * of the whole, so a table's digest is the sum of its chunks'.
 */
public final class RowDigest {
  private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

  /** The running sum as four 64-bit limbs, most significant first; carries past 2^256 drop. */
  private final long[] limbs = new long[4];

  private final MessageDigest sha256;
  private final ByteBuffer scratch = ByteBuffer.allocate(9);
  private long rows;

  public RowDigest() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Adds one row, its values typed as the column encodings store them. */
  public void add(Object[] values, ColumnEncoding[] encodings) {
    sha256.reset();
    for (int i = 0; i < encodings.length; i++) {
      Object value = values[i];
      if (value == null) {
        sha256.update((byte) 0);
        continue;
      }
      scratch.clear();
      switch (encodings[i]) {
        case LONG -> scratch.put((byte) 1).putLong((Long) value);
        case FLOAT -> scratch.put((byte) 2).putInt(Float.floatToIntBits((Float) value));
        case DOUBLE -> scratch.put((byte) 3).putLong(Double.doubleToLongBits((Double) value));
        case TEXT, SERVER_TEXT -> {
          // Text as a String or as its UTF-8 bytes: the same digest either way.
          byte[] bytes =
              value instanceof byte[] utf8
                  ? utf8
                  : ((String) value).getBytes(StandardCharsets.UTF_8);
          scratch.put((byte) 4).putInt(bytes.length);
          sha256.update(scratch.array(), 0, scratch.position());
          sha256.update(bytes);
          continue;
        }
        case BYTES -> {
          byte[] bytes = (byte[]) value;
          scratch.put((byte) 5).putInt(bytes.length);
          sha256.update(scratch.array(), 0, scratch.position());
          sha256.update(bytes);
          continue;
        }
      }
      sha256.update(scratch.array(), 0, scratch.position());
    }
    add(limbs, sha256.digest());
    rows++;
  }

  public long rows() {
    return rows;
  }

  /** The digest as 64 hex digits. */
  public String hex() {
    StringBuilder text = new StringBuilder(64);
    for (long limb : limbs) {
      String part = Long.toHexString(limb);
      text.append("0".repeat(16 - part.length())).append(part);
    }
    return text.toString();
  }

  /** Adds a 32-byte big-endian number to the limbs, modulo 2^256, without allocating. */
  static void add(long[] limbs, byte[] bigEndian) {
    long carry = 0;
    for (int i = 3; i >= 0; i--) {
      long value = 0;
      for (int b = 0; b < 8; b++) {
        value = (value << 8) | (bigEndian[i * 8 + b] & 0xffL);
      }
      long sum = limbs[i] + value;
      long withCarry = sum + carry;
      // Unsigned overflow of either addition carries one into the next limb.
      carry =
          (Long.compareUnsigned(sum, limbs[i]) < 0 ? 1 : 0)
              + (Long.compareUnsigned(withCarry, sum) < 0 ? 1 : 0);
      limbs[i] = withCarry;
    }
  }

  /** The digest of the union of sets whose digests are given. */
  public static String combine(Iterable<String> digests) {
    BigInteger total = BigInteger.ZERO;
    for (String digest : digests) {
      total = total.add(new BigInteger(digest, 16)).mod(MODULUS);
    }
    return hex(total);
  }

  private static String hex(BigInteger value) {
    String text = value.toString(16);
    return "0".repeat(64 - text.length()) + text;
  }
}
