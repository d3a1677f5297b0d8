package dev.dbrestore.pipelines.capture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's captured log in the backup repository, {@code <repository>/<source>/binlog/}: the
 * log manifest and the segment files it lists. One capture at a time holds its lock. A segment
 * becomes durable in four steps - written under a temporary name, fsynced, renamed, then listed
 * in a new manifest that replaces the old one atomically - so after a crash a segment is either
 * listed and whole, or not listed and removed at the next start.
 */
public final class CaptureLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureLog.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final String LOCK_FILE = "capture.lock";
  private static final String PARTIAL = ".partial";

  private final Path folder;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private LogManifest manifest;

  private CaptureLog(Path folder, FileChannel lockChannel, FileLock lock, LogManifest manifest) {
    this.folder = folder;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.manifest = manifest;
  }

  /** The log folder of a source under a repository root. */
  public static Path folder(Path repositoryRoot, String source) {
    return repositoryRoot.resolve(source).resolve(LogManifest.FOLDER);
  }

  /** The log manifest in a log folder, or null when capture never made a segment durable. */
  public static LogManifest readManifest(Path folder) {
    Path file = folder.resolve(LogManifest.FILE_NAME);
    if (!Files.exists(file)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(file)) {
      LogManifest m = JSON.readValue(in, LogManifest.class);
      if (m.formatVersion() != LogManifest.FORMAT_VERSION) {
        throw new UserError(
            "The log manifest " + file + " has format version " + m.formatVersion()
                + ", and this dbrestore reads only version " + LogManifest.FORMAT_VERSION + ".");
      }
      return m;
    } catch (IOException e) {
      throw new UserError("The log manifest " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * Opens the log folder for capture: takes its lock (refusing while another capture holds it)
   * and removes what a crashed capture left that the manifest does not list.
   */
  public static CaptureLog open(Path folder, String source) throws IOException {
    PrivateFiles.createFolder(folder);
    FileChannel channel =
        FileChannel.open(
            folder.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      throw new UserError(
          "Another capture of the source " + source + " is running (it holds "
              + folder.resolve(LOCK_FILE) + "); stop it first, one capture per source.");
    }
    CaptureLog log = new CaptureLog(folder, channel, lock, readManifest(folder));
    log.removeUnlisted();
    return log;
  }

  private void removeUnlisted() throws IOException {
    Set<String> listed = new HashSet<>();
    if (manifest != null) {
      for (LogManifest.Segment segment : manifest.segments()) {
        if (!Files.isRegularFile(folder.resolve(segment.file()))) {
          throw new UserError(
              "The log manifest " + folder.resolve(LogManifest.FILE_NAME) + " lists "
                  + segment.file() + ", which is missing: the captured log is damaged; restore"
                  + " the file from a copy of the repository before capturing on.");
        }
        listed.add(segment.file());
      }
    }
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        String name = file.getFileName().toString();
        boolean segment = name.startsWith("segment-") && name.endsWith(".parquet");
        if (name.endsWith(PARTIAL)
            || name.equals(LogManifest.FILE_NAME + PARTIAL)
            || (segment && !listed.contains(name))) {
          LOG.warn("Removing {}, left by a capture that stopped before it was durable", file);
          Files.delete(file);
        }
      }
    }
  }

  public LogManifest manifest() {
    return manifest;
  }

  public Path folder() {
    return folder;
  }

  /** Writes the first manifest of a log that has none yet. */
  public void begin(LogManifest first) throws IOException {
    writeManifest(first);
  }

  /** Records a stretch of the log that was not captured. */
  public void addGap(LogManifest.Gap gap) throws IOException {
    writeManifest(manifest.withGap(gap));
  }

  /** The file name of the segment after the last listed one. */
  public String nextSegmentName() {
    int next = manifest == null ? 1 : manifest.segments().size() + 1;
    return String.format(java.util.Locale.ROOT, "segment-%06d.parquet", next);
  }

  /** Where a segment is written before it is durable. */
  public Path partialPath(String segmentName) {
    return folder.resolve(segmentName + PARTIAL);
  }

  /**
   * Makes a written segment durable: fsync, rename to its name, fsync the folder, then list it
   * in a manifest that replaces the old one in one rename. {@code entry} lacks size and hash;
   * they are taken from the file here.
   */
  public LogManifest.Segment publish(Path partial, LogManifest.Segment entry) throws IOException {
    force(partial);
    Path target = folder.resolve(entry.file());
    PrivateFiles.restrict(partial, PrivateFiles.FILE);
    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
    forceFolder();
    LogManifest.Segment complete =
        new LogManifest.Segment(
            entry.file(), entry.start(), entry.end(), entry.firstTransaction(),
            entry.lastTransaction(), entry.firstCommitTime(), entry.lastCommitTime(),
            entry.firstGtid(), entry.lastGtid(), entry.rowCount(), entry.statementCount(),
            Files.size(target), sha256(target));
    writeManifest(manifest.with(complete));
    return complete;
  }

  private void writeManifest(LogManifest next) throws IOException {
    Path partial = folder.resolve(LogManifest.FILE_NAME + PARTIAL);
    Files.write(partial, JSON.writeValueAsBytes(next));
    PrivateFiles.restrict(partial, PrivateFiles.FILE);
    force(partial);
    Files.move(
        partial, folder.resolve(LogManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceFolder();
    manifest = next;
  }

  private static void force(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.force(true);
    }
  }

  private void forceFolder() throws IOException {
    try (FileChannel c = FileChannel.open(folder, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException notSupported) {
      // Some file systems cannot sync a folder; the renames are still atomic.
    }
  }

  /** The SHA-256 of a file, in hex. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    lockChannel.close();
  }
}
