package dev.dbrestore.io.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A folder of the backup repository on local disk or on an object store ({@code s3://bucket/..}),
 * read and written through Beam's file systems. An object store has no folders, only names with
 * slashes: a folder there exists while some object's name starts with it, and a file written
 * here appears whole or not at all (one PUT).
 */
public final class StorageFolder {
  private final String location;

  private StorageFolder(String location) {
    this.location = location;
  }

  /** The folder at a local path or a file system URL; a trailing slash is dropped. */
  public static StorageFolder at(String location) {
    String l = location;
    while (l.length() > 1 && l.endsWith("/") && !l.endsWith("://")) {
      l = l.substring(0, l.length() - 1);
    }
    if (!isObjectStore(l)) {
      l = Path.of(l).toAbsolutePath().normalize().toString();
    }
    return new StorageFolder(l);
  }

  /** Whether a location names an object store (a URL with a scheme other than file). */
  public static boolean isObjectStore(String location) {
    int scheme = location.indexOf("://");
    return scheme > 0 && !location.substring(0, scheme).equalsIgnoreCase("file");
  }

  public boolean onObjectStore() {
    return isObjectStore(location);
  }

  public String location() {
    return location;
  }

  /** The local path of a folder on local disk. */
  public Path path() {
    if (onObjectStore()) {
      throw new IllegalStateException(location + " is on an object store");
    }
    return Path.of(location);
  }

  /** The sub-folder {@code name}. */
  public StorageFolder child(String name) {
    return new StorageFolder(file(name));
  }

  /** The location of the file {@code name} in this folder. */
  public String file(String name) {
    return onObjectStore() ? location + "/" + name : Path.of(location).resolve(name).toString();
  }

  /** The size of the file {@code name}, or -1 when it does not exist. */
  public long size(String name) throws IOException {
    MatchResult.Metadata m = metadata(name);
    return m == null ? -1 : m.sizeBytes();
  }

  /** The file's metadata (size, last modified), or null when it does not exist. */
  public MatchResult.Metadata metadata(String name) throws IOException {
    if (!onObjectStore() && !Files.isRegularFile(Path.of(file(name)))) {
      return null;
    }
    MatchResult result =
        FileSystems.match(List.of(file(name)), EmptyMatchTreatment.ALLOW).get(0);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return null;
    }
    List<MatchResult.Metadata> found = result.metadata();
    return found.isEmpty() ? null : found.get(0);
  }

  public boolean exists(String name) throws IOException {
    return metadata(name) != null;
  }

  public InputStream open(String name) throws IOException {
    return Channels.newInputStream(FileSystems.open(resource(name)));
  }

  /** The file's SHA-256 in hex. */
  public String sha256(String name) throws IOException {
    try (InputStream in = open(name)) {
      return sha256(in);
    }
  }

  /** The SHA-256 of what a stream holds, in hex. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
      digest.update(buffer, 0, n);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Every file below this folder, by its name relative to it ({@code a/b/file}), with its size.
   * Empty when the folder does not exist.
   */
  public Map<String, Long> filesBelow() throws IOException {
    Map<String, Long> files = new TreeMap<>();
    if (!onObjectStore()) {
      Path root = path();
      if (!Files.isDirectory(root)) {
        return files;
      }
      try (var walk = Files.walk(root)) {
        for (Path p : walk.filter(Files::isRegularFile).toList()) {
          try {
            files.put(root.relativize(p).toString().replace('\\', '/'), Files.size(p));
          } catch (IOException removed) {
            // Removed while listing.
          }
        }
      }
      return files;
    }
    MatchResult result =
        FileSystems.match(List.of(location + "/**"), EmptyMatchTreatment.ALLOW).get(0);
    if (result.status() == MatchResult.Status.NOT_FOUND) {
      return files;
    }
    for (MatchResult.Metadata m : result.metadata()) {
      String full = m.resourceId().toString();
      if (full.startsWith(location + "/")) {
        files.put(full.substring(location.length() + 1), m.sizeBytes());
      }
    }
    return files;
  }

  /** The names of the files directly in this folder. */
  public List<String> fileNames() throws IOException {
    List<String> names = new ArrayList<>();
    for (String relative : filesBelow().keySet()) {
      if (!relative.contains("/")) {
        names.add(relative);
      }
    }
    return names;
  }

  /** Writes a file in one piece: on an object store, one object that appears whole. */
  public void write(String name, byte[] bytes) throws IOException {
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(resource(name), MimeTypes.BINARY))) {
      out.write(bytes);
    }
  }

  /** Copies a local file into this folder as {@code name}. */
  public void upload(Path local, String name) throws IOException {
    try (OutputStream out =
            Channels.newOutputStream(FileSystems.create(resource(name), MimeTypes.BINARY));
        InputStream in = Files.newInputStream(local)) {
      in.transferTo(out);
    }
  }

  public void delete(String name) throws IOException {
    FileSystems.delete(List.of(resource(name)), MoveOptions.StandardMoveOptions.IGNORE_MISSING_FILES);
  }

  private ResourceId resource(String name) {
    return FileSystems.matchNewResource(file(name), false);
  }

  @Override
  public String toString() {
    return location;
  }
}
