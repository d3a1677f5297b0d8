package dev.dbrestore.pipelines.capture;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.LogManifest;
import dev.dbrestore.io.format.DurableFiles;
import dev.dbrestore.io.format.PrivateFiles;
import dev.dbrestore.io.format.StorageFolder;
import dev.dbrestore.pipelines.DbrestoreHome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
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
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's captured log in the backup repository, {@code <repository>/<source>/binlog/}: the
 * log manifest and the segment files it lists. One capture at a time holds its lock. On local
 * disk a segment becomes durable in four steps - written under a temporary name, fsynced,
 * renamed, then listed in a new manifest that replaces the old one atomically - so after a crash
 * a segment is either listed and whole, or not listed and removed at the next start. On an object
 * store a segment is written locally, uploaded as one object under its name, then listed in a new
 * manifest object (each PUT appears whole or not at all); the lock is this machine's, and a
 * manifest that another writer changed stops the capture before it overwrites anything.
 */
public final class CaptureLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CaptureLog.class);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
  private static final String LOCK_FILE = "capture.lock";
  private static final String PARTIAL = ".partial";

  private final StorageFolder folder;
  /** Where segments are written before they are durable: the log folder, or a local one. */
  private final Path staging;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private LogManifest manifest;
  /** The manifest object as last read or written here (object stores only). */
  private byte[] manifestBytes;

  private CaptureLog(
      StorageFolder folder, Path staging, FileChannel lockChannel, FileLock lock,
      LogManifest manifest, byte[] manifestBytes) {
    this.folder = folder;
    this.staging = staging;
    this.lockChannel = lockChannel;
    this.lock = lock;
    this.manifest = manifest;
    this.manifestBytes = manifestBytes;
  }

  /** The log folder of a source under a local repository root. */
  public static Path folder(Path repositoryRoot, String source) {
    return repositoryRoot.resolve(source).resolve(LogManifest.FOLDER);
  }

  /** The log manifest in a local log folder, or null when capture never made a segment durable. */
  public static LogManifest readManifest(Path folder) {
    return readManifest(StorageFolder.at(folder.toString()));
  }

  /** The log manifest in a log folder, or null when capture never made a segment durable. */
  public static LogManifest readManifest(StorageFolder folder) {
    byte[] bytes = manifestBytes(folder);
    return bytes == null ? null : parse(folder, bytes);
  }

  private static byte[] manifestBytes(StorageFolder folder) {
    String file = folder.file(LogManifest.FILE_NAME);
    try {
      if (!folder.exists(LogManifest.FILE_NAME)) {
        return null;
      }
      try (InputStream in = folder.open(LogManifest.FILE_NAME)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new UserError("The log manifest " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  private static LogManifest parse(StorageFolder folder, byte[] bytes) {
    String file = folder.file(LogManifest.FILE_NAME);
    try {
      LogManifest m = JSON.readValue(bytes, LogManifest.class);
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
   * Opens a local log folder for capture: takes its lock (refusing while another capture holds
   * it) and removes what a crashed capture left that the manifest does not list.
   */
  public static CaptureLog open(Path folder, String source) throws IOException {
    return open(StorageFolder.at(folder.toString()), source);
  }

  /**
   * Opens a log folder for capture: takes its lock (refusing while another capture holds it) and
   * removes what a crashed capture left that the manifest does not list.
   */
  public static CaptureLog open(StorageFolder folder, String source) throws IOException {
    Path lockFile;
    Path staging;
    if (folder.onObjectStore()) {
      Path locks = DbrestoreHome.get().resolve("capture-locks");
      PrivateFiles.createFolder(locks);
      lockFile = locks.resolve(lockName(folder.location()));
      staging = Files.createTempDirectory("dbrestore-capture");
    } else {
      PrivateFiles.createFolder(folder.path());
      lockFile = folder.path().resolve(LOCK_FILE);
      staging = folder.path();
    }
    FileChannel channel =
        FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      deleteStaging(folder, staging);
      throw new UserError(
          "Another capture of the source " + source + " is running (it holds "
              + lockFile + "); stop it first, one capture per source.");
    }
    if (folder.onObjectStore()) {
      // Who holds the lock, for a DBA who finds the file.
      channel.write(java.nio.ByteBuffer.wrap(
          (folder.location() + "\n").getBytes(StandardCharsets.UTF_8)));
    }
    byte[] bytes = manifestBytes(folder);
    CaptureLog log = new CaptureLog(folder, staging, channel, lock,
        bytes == null ? null : parse(folder, bytes), bytes);
    log.removeUnlisted();
    return log;
  }

  /** The local lock file's name for a log on an object store: readable, and unique per URL. */
  private static String lockName(String location) {
    String readable = location.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (readable.length() > 80) {
      readable = readable.substring(readable.length() - 80);
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(location.getBytes(StandardCharsets.UTF_8));
      return readable + "-" + HexFormat.of().formatHex(hash, 0, 8) + ".lock";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private void removeUnlisted() throws IOException {
    Set<String> listed = new HashSet<>();
    if (manifest != null) {
      for (LogManifest.Segment segment : manifest.segments()) {
        if (!folder.exists(segment.file())) {
          throw new UserError(
              "The log manifest " + folder.file(LogManifest.FILE_NAME) + " lists "
                  + segment.file() + ", which is missing: the captured log is damaged; restore"
                  + " the file from a copy of the repository before capturing on.");
        }
        listed.add(segment.file());
      }
    }
    for (String name : folder.fileNames()) {
      boolean segment = name.startsWith("segment-") && name.endsWith(".parquet");
      if (name.endsWith(PARTIAL)
          || name.equals(LogManifest.FILE_NAME + PARTIAL)
          || (segment && !listed.contains(name))) {
        LOG.warn("Removing {}, left by a capture that stopped before it was durable",
            folder.file(name));
        folder.delete(name);
      }
    }
  }

  public LogManifest manifest() {
    return manifest;
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

  /** Where a segment is written before it is durable (always a local file). */
  public Path partialPath(String segmentName) {
    return staging.resolve(segmentName + PARTIAL);
  }

  /**
   * Makes a written segment durable and lists it in a new manifest. {@code entry} lacks size and
   * hash; they are taken from the file here. Locally: fsync, rename to its name, fsync the folder,
   * then the manifest in one rename. On an object store: one upload, its size checked, then the
   * manifest object.
   */
  public LogManifest.Segment publish(Path partial, LogManifest.Segment entry) throws IOException {
    DurableFiles.sync(partial);
    long bytes = Files.size(partial);
    String sha256 = sha256(partial);
    if (folder.onObjectStore()) {
      checkManifestUnchanged();
      folder.upload(partial, entry.file());
      long stored = folder.size(entry.file());
      if (stored != bytes) {
        throw new IOException("The object store holds " + stored + " bytes of "
            + folder.file(entry.file()) + " after an upload of " + bytes);
      }
      Files.delete(partial);
    } else {
      Path target = folder.path().resolve(entry.file());
      PrivateFiles.restrict(partial, PrivateFiles.FILE);
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      DurableFiles.syncFolder(folder.path());
    }
    LogManifest.Segment complete =
        new LogManifest.Segment(
            entry.file(), entry.start(), entry.end(), entry.firstTransaction(),
            entry.lastTransaction(), entry.firstCommitTime(), entry.lastCommitTime(),
            entry.firstGtid(), entry.lastGtid(), entry.rowCount(), entry.statementCount(),
            bytes, sha256);
    writeManifest(manifest.with(complete));
    return complete;
  }

  private void writeManifest(LogManifest next) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(next);
    if (folder.onObjectStore()) {
      checkManifestUnchanged();
      folder.write(LogManifest.FILE_NAME, bytes);
      manifestBytes = bytes;
      manifest = next;
      return;
    }
    Path partial = folder.path().resolve(LogManifest.FILE_NAME + PARTIAL);
    Files.write(partial, bytes);
    PrivateFiles.restrict(partial, PrivateFiles.FILE);
    DurableFiles.sync(partial);
    Files.move(
        partial, folder.path().resolve(LogManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    DurableFiles.syncFolder(folder.path());
    manifest = next;
  }

  /**
   * An object store has no lock another machine sees: a manifest that is no longer the one this
   * capture last read or wrote means a second writer, and nothing more is written.
   */
  private void checkManifestUnchanged() {
    byte[] now = manifestBytes(folder);
    if (!Arrays.equals(now, manifestBytes)) {
      throw new UserError(
          "The log manifest " + folder.file(LogManifest.FILE_NAME) + " was changed by another"
              + " writer while this capture ran; stop the other capture of this source (one"
              + " capture per source, on one machine), then start capture again.");
    }
  }

  /** The SHA-256 of a file, in hex. */
  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return StorageFolder.sha256(in);
    }
  }

  private static void deleteStaging(StorageFolder folder, Path staging) throws IOException {
    if (!folder.onObjectStore()) {
      return;
    }
    try (Stream<Path> files = Files.walk(staging)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() throws IOException {
    try {
      deleteStaging(folder, staging);
    } finally {
      lock.release();
      lockChannel.close();
    }
  }
}
