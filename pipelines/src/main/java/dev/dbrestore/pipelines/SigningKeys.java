package dev.dbrestore.pipelines;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.ManifestSignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the key that signs and checks backup sets from an environment variable (its value as
 * UTF-8) or a file (its whole content, less one final line break); never from a flag's value.
 */
public final class SigningKeys {
  private SigningKeys() {}

  /** The key, or null when neither source is given. Keys under 16 bytes are refused. */
  public static byte[] resolve(String environmentVariable, String file) {
    if (environmentVariable != null && file != null) {
      throw new UserError(
          "Give the signing key with --signing-key-env or --signing-key-file, not both.");
    }
    byte[] key;
    String where;
    if (environmentVariable != null) {
      String value = System.getenv(environmentVariable);
      if (value == null) {
        throw new UserError(
            "The environment variable " + environmentVariable + " named by --signing-key-env is"
                + " not set; export it or use --signing-key-file.");
      }
      key = value.getBytes(StandardCharsets.UTF_8);
      where = "the environment variable " + environmentVariable;
    } else if (file != null) {
      try {
        key = withoutFinalLineBreak(Files.readAllBytes(Path.of(file)));
      } catch (NoSuchFileException e) {
        throw new UserError(
            "The signing key file " + file + " does not exist; check --signing-key-file.");
      } catch (IOException e) {
        throw new UserError(
            "Cannot read the signing key file " + file + ": " + e.getMessage() + ".");
      }
      where = "the file " + file;
    } else {
      return null;
    }
    if (key.length < ManifestSignature.MINIMUM_KEY_BYTES) {
      throw new UserError(
          "The signing key in " + where + " has " + key.length + " bytes; a signing key needs at"
              + " least " + ManifestSignature.MINIMUM_KEY_BYTES + " (make one with: openssl rand"
              + " -hex 32).");
    }
    return key;
  }

  private static byte[] withoutFinalLineBreak(byte[] bytes) {
    int end = bytes.length;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    return end == bytes.length ? bytes : Arrays.copyOf(bytes, end);
  }
}
