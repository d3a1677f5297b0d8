package dev.dbrestore.io.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Sha256Test {
  @Test
  void givesTheFipsTestVectors() {
    MessageDigest digest = Sha256.newDigest();
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        HexFormat.of().formatHex(digest.digest("abc".getBytes(StandardCharsets.US_ASCII))));
    byte[] a = new byte[1_000_000];
    Arrays.fill(a, (byte) 'a');
    assertEquals("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        HexFormat.of().formatHex(digest.digest(a)));
  }

  @Test
  void agreesWithTheJvmsOwnProviderForEverySizeAndSplit() throws Exception {
    Random random = new Random(7);
    for (int size = 0; size < 2_000; size += 1 + size / 8) {
      byte[] data = new byte[size];
      random.nextBytes(data);
      MessageDigest ours = Sha256.newDigest();
      int split = size == 0 ? 0 : random.nextInt(size);
      ours.update(data, 0, split);
      ours.update(data, split, size - split);
      assertArrayEquals(MessageDigest.getInstance("SHA-256", "SUN").digest(data), ours.digest(),
          "SHA-256 of " + size + " bytes split at " + split);
    }
  }

  @Test
  void usesTheNativeProviderOnLinuxX8664() {
    boolean linuxX8664 = System.getProperty("os.name").startsWith("Linux")
        && System.getProperty("os.arch").equals("amd64");
    if (!linuxX8664) {
      System.out.println("Sha256Test.usesTheNativeProviderOnLinuxX8664 skipped: the native"
          + " provider is packaged for Linux x86-64 only; this is " + System.getProperty("os.name")
          + " " + System.getProperty("os.arch"));
    }
    assumeTrue(linuxX8664, "the native provider is packaged for Linux x86-64 only");
    assertEquals("AmazonCorrettoCryptoProvider", Sha256.providerName());
  }
}
