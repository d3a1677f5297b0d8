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
 * Both give the same bytes; only the speed differs. Loading the native library takes a few
 * hundred milliseconds, so it loads on a thread of its own from {@link #loadInBackground()} on,
 * beside the rest of the start-up; the first digest waits for it.
 */
public final class Sha256 {
  private static final Logger LOG = LoggerFactory.getLogger(Sha256.class);
  private static final Thread LOADER = new Thread(Sha256::loadNative, "sha256-native-load");
  private static volatile Provider nativeProvider;
  private static final long LOAD_WAIT_MILLIS = 30_000;

  static {
    if (!Boolean.getBoolean("dbrestore.jdkSha256")) {
      LOADER.setDaemon(true);
      LOADER.start();
    }
  }

  private Sha256() {}

  /** Starts loading the native provider now, so that it is ready by the first large digest. */
  public static void loadInBackground() {
    // Loading this class started it.
  }

  /** A new SHA-256 digest: the native one once it has loaded (waiting for the load to end). */
  public static MessageDigest newDigest() {
    Provider provider = nativeProvider;
    if (provider == null && LOADER.isAlive()) {
      // A digest taken before the load ends would hash a whole chunk at the JVM's pace.
      try {
        LOADER.join(LOAD_WAIT_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      provider = nativeProvider;
    }
    try {
      return provider != null
          ? MessageDigest.getInstance("SHA-256", provider)
          : MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The name of the provider {@link #newDigest()} uses, for reports and tests. */
  public static String providerName() {
    return newDigest().getProvider().getName();
  }

  private static void loadNative() {
    try {
      AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
      Throwable error = provider.getLoadingError();
      if (error != null) {
        LOG.debug("SHA-256 runs in Java: the native provider did not load ({})", error.toString());
        return;
      }
      provider.assertHealthy();
      nativeProvider = provider;
    } catch (Throwable e) { // a missing or foreign native library: the JVM's provider will do
      LOG.debug("SHA-256 runs in Java: the native provider did not load ({})", e.toString());
    }
  }
}
