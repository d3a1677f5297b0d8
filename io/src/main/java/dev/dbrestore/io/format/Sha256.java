package dev.dbrestore.io.format;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SHA-256 digests for chunk, segment and row digests: from the native Amazon Corretto Crypto
 * Provider where it loads (it uses the CPU's SHA instructions whichever JIT compiler runs, and
 * the launcher runs only C1, which has no SHA-256 intrinsic), else from the JVM's own provider.
 * Both give the same bytes; only the speed differs.
 */
public final class Sha256 {
  private static final Logger LOG = LoggerFactory.getLogger(Sha256.class);
  private static final Provider NATIVE = loadNative();

  private Sha256() {}

  /** A new SHA-256 digest. */
  public static MessageDigest newDigest() {
    try {
      return NATIVE != null
          ? MessageDigest.getInstance("SHA-256", NATIVE)
          : MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The name of the provider {@link #newDigest()} uses, for reports and tests. */
  public static String providerName() {
    return newDigest().getProvider().getName();
  }

  private static Provider loadNative() {
    if (Boolean.getBoolean("dbrestore.jdkSha256")) {
      return null;
    }
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = provider.getLoadingError();
      if (error != null) {
        LOG.debug("SHA-256 runs in Java: the native provider did not load ({})", error.toString());
        return null;
      }
      provider.assertHealthy();
      return provider;
    } catch (Throwable e) { // a missing or foreign native library: the JVM's provider will do
      LOG.debug("SHA-256 runs in Java: the native provider did not load ({})", e.toString());
      return null;
    }
  }
}
