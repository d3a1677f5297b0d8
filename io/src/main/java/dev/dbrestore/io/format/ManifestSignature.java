package dev.dbrestore.io.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a backup set: an HMAC-SHA256 of the exact bytes of {@code manifest.json},
 * kept beside it in {@code manifest.json.hmac-sha256}. The manifest carries every chunk's SHA-256,
 * so a valid signature covers the whole set.
 */
public final class ManifestSignature {
  /** The signature file's name, in the set's folder. */
  public static final String FILE_NAME = Manifest.FILE_NAME + ".hmac-sha256";

  public static final String ALGORITHM = "HMAC-SHA256";

  /** Keys shorter than this are refused: a guessable key signs nothing. */
  public static final int MINIMUM_KEY_BYTES = 16;

  private static final ObjectMapper JSON = new ObjectMapper();

  private ManifestSignature() {}

  /** The signature file's content for these manifest bytes. */
  public static byte[] sign(byte[] key, byte[] manifest) {
    String json =
        "{\"algorithm\": \"" + ALGORITHM + "\", \"file\": \"" + Manifest.FILE_NAME
            + "\", \"hmac\": \"" + HexFormat.of().formatHex(hmac(key, manifest)) + "\"}\n";
    return json.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Whether {@code signatureFile} (the signature file's bytes) is a valid signature of these
   * manifest bytes under this key; the digests are compared in constant time.
   */
  public static boolean matches(byte[] key, byte[] manifest, byte[] signatureFile) {
    byte[] claimed;
    try {
      JsonNode tree = JSON.readTree(signatureFile);
      if (tree == null
          || !ALGORITHM.equals(tree.path("algorithm").asText().toUpperCase(Locale.ROOT))
          || !tree.path("hmac").isTextual()) {
        return false;
      }
      claimed = HexFormat.of().parseHex(tree.path("hmac").asText());
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(key, manifest), claimed);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
    }
  }
}
