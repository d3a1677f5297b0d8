package dev.dbrestore.io.format;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;

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
  /** Values up to this size are copied into the row buffer; larger ones are hashed in place. */
  private static final int COPY_LIMIT = 1 << 16;

  private ByteBuffer row = ByteBuffer.allocate(1024);
  private final byte[] hash = new byte[32];
  private long rows;

  public RowDigest() {
    sha256 = Sha256.newDigest();
  }

  /** Adds one row, its values typed as the column encodings store them. */
  public void add(Object[] values, ColumnEncoding[] encodings) {
    // The row's encoding is gathered into one buffer and hashed in one call: many small
    // updates and a fresh array per digest cost more than the hashing itself.
    row.clear();
    for (int i = 0; i < encodings.length; i++) {
      Object value = values[i];
      if (value == null) {
        room(1).put((byte) 0);
        continue;
      }
      switch (encodings[i]) {
        case LONG -> room(9).put((byte) 1).putLong((Long) value);
        case FLOAT -> room(5).put((byte) 2).putInt(Float.floatToIntBits((Float) value));
        case DOUBLE -> room(9).put((byte) 3).putLong(Double.doubleToLongBits((Double) value));
        // Text as a String or as its UTF-8 bytes: the same digest either way.
        case TEXT, SERVER_TEXT ->
            putBytes(
                (byte) 4,
                value instanceof byte[] utf8
                    ? utf8
                    : ((String) value).getBytes(StandardCharsets.UTF_8));
        case BYTES -> putBytes((byte) 5, (byte[]) value);
      }
    }
    sha256.update(row.array(), 0, row.position());
    try {
      sha256.digest(hash, 0, hash.length);
    } catch (DigestException e) {
      throw new IllegalStateException("SHA-256 gave no 32-byte digest", e);
    }
    add(limbs, hash);
    rows++;
  }

  private void putBytes(byte tag, byte[] bytes) {
    if (bytes.length <= COPY_LIMIT) {
      room(5 + bytes.length).put(tag).putInt(bytes.length).put(bytes);
      return;
    }
    // A large value is hashed where it is, not copied: what is gathered goes first.
    room(5).put(tag).putInt(bytes.length);
    sha256.update(row.array(), 0, row.position());
    row.clear();
    sha256.update(bytes);
  }

  /** The row buffer, grown to take {@code more} bytes. */
  private ByteBuffer room(int more) {
    if (row.remaining() < more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(row.capacity() * 2, row.position() + more));
      bigger.put(row.array(), 0, row.position());
      row = bigger;
    }
    return row;
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
