package dev.dbrestore.io.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.dbrestore.io.UserError;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.io.fs.MoveOptions.StandardMoveOptions;
import org.apache.beam.sdk.io.fs.ResolveOptions.StandardResolveOptions;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;

/**
 * A backup set on any file system Beam knows: a folder holding {@code manifest.json} and the
 * chunk files it lists. Opening one checks that it is complete before anything reads from it.
 */
public final class BackupSet {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final String location;
  private final Manifest manifest;
  private final byte[] manifestBytes;

  private BackupSet(String location, Manifest manifest, byte[] manifestBytes) {
    this.location = location;
    this.manifest = manifest;
    this.manifestBytes = manifestBytes;
  }

  public String location() {
    return location;
  }

  public Manifest manifest() {
    return manifest;
  }

  /** The folder of a backup set, as a Beam resource. */
  public static ResourceId folder(String location) {
    return FileSystems.matchNewResource(location, true);
  }

  /** A file inside the backup set folder. */
  public static ResourceId file(String location, String fileName) {
    return folder(location).resolve(fileName, StandardResolveOptions.RESOLVE_FILE);
  }

  /**
   * Opens the backup set at {@code location} and reads its manifest. A folder without a manifest
   * is an incomplete set (the manifest is written last) and is refused.
   */
  public static BackupSet open(String location) {
    ResourceId manifestFile = file(location, Manifest.FILE_NAME);
    Manifest manifest;
    byte[] bytes;
    try (InputStream in = Channels.newInputStream(FileSystems.open(manifestFile))) {
      // Kept as read: a signature covers these exact bytes, not a re-read of the file.
      bytes = in.readAllBytes();
      JsonNode tree = JSON.readTree(bytes);
      // The version first: a newer format may have fields this version does not know.
      int version = tree.path("formatVersion").asInt(-1);
      if (version != Manifest.FORMAT_VERSION) {
        throw new UserError(
            "The backup set at "
                + location
                + " has format version "
                + (version < 0 ? "(none)" : version)
                + ", and this dbrestore reads only version "
                + Manifest.FORMAT_VERSION
                + "; use a dbrestore that knows that version.");
      }
      manifest = JSON.treeToValue(tree, Manifest.class);
    } catch (FileNotFoundException | java.nio.file.NoSuchFileException e) {
      throw new UserError(
          "The backup set at "
              + location
              + " has no "
              + Manifest.FILE_NAME
              + ": it is missing or was never completed; choose a complete backup set.");
    } catch (JsonProcessingException e) {
      throw new UserError(
          "The manifest of the backup set at "
              + location
              + " is not valid ("
              + e.getOriginalMessage()
              + "); the set is damaged, choose another backup set.",
          e);
    } catch (IOException e) {
      throw new UserError(
          "Cannot read the backup set at " + location + ": " + e.getMessage() + ".", e);
    }
    try {
      checkFileNames(location, manifest);
    } catch (NullPointerException e) {
      throw new UserError(
          "The manifest of the backup set at "
              + location
              + " lacks a required field; the set is damaged, choose another backup set.",
          e);
    }
    return new BackupSet(location, manifest, bytes);
  }

  /** Whether the set has a signature file beside its manifest. */
  public boolean isSigned() {
    try {
      MatchResult match = FileSystems.match(file(location, ManifestSignature.FILE_NAME).toString());
      return match.status() == MatchResult.Status.OK && !match.metadata().isEmpty();
    } catch (IOException e) {
      throw new UserError(
          "Cannot look for the signature file " + ManifestSignature.FILE_NAME + " of the backup"
              + " set at " + location + ": " + e.getMessage() + ".",
          e);
    }
  }

  /**
   * Refuses the set unless its signature file holds a valid HMAC-SHA256, under {@code key}, of
   * the manifest bytes this set was opened from; the message names the file.
   */
  public void checkSignature(byte[] key) {
    if (!isSigned()) {
      throw new UserError(
          "The backup set at " + location + " has no signature file "
              + ManifestSignature.FILE_NAME + ", and a signing key was given: the set is unsigned"
              + " or its signature was removed; choose a signed backup set.");
    }
    byte[] signature;
    try (InputStream in =
        Channels.newInputStream(
            FileSystems.open(file(location, ManifestSignature.FILE_NAME)))) {
      signature = in.readNBytes(4096);
    } catch (IOException e) {
      throw new UserError(
          "Cannot read the signature file " + ManifestSignature.FILE_NAME + " of the backup set"
              + " at " + location + ": " + e.getMessage() + ".",
          e);
    }
    if (!ManifestSignature.matches(key, manifestBytes, signature)) {
      throw new UserError(
          "The signature in " + ManifestSignature.FILE_NAME + " does not match "
              + Manifest.FILE_NAME + " of the backup set at " + location + ": the manifest was"
              + " changed after it was signed, or the signing key is not the one it was signed"
              + " with; choose another backup set or the right key.");
    }
  }

  /** Chunk files must lie inside the set's folder: plain names, no path. */
  private static void checkFileNames(String location, Manifest manifest) {
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table table : db.tables()) {
        for (Manifest.Chunk chunk : table.chunks()) {
          if (!chunk.file().matches("[A-Za-z0-9_][A-Za-z0-9._-]*")) {
            throw new UserError(
                "The manifest of the backup set at "
                    + location
                    + " names the chunk file '"
                    + chunk.file()
                    + "', which is not a plain file name in the set; the manifest is damaged.");
          }
        }
      }
    }
  }

  /**
   * Checks that every chunk the manifest lists exists with the size the manifest gives, so that
   * a damaged set is refused before any row is written.
   */
  public void checkChunksPresent() {
    List<ResourceId> files = new ArrayList<>();
    List<Manifest.Chunk> chunks = new ArrayList<>();
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table table : db.tables()) {
        for (Manifest.Chunk chunk : table.chunks()) {
          files.add(file(location, chunk.file()));
          chunks.add(chunk);
        }
      }
    }
    if (files.isEmpty()) {
      return;
    }
    List<String> specs = files.stream().map(ResourceId::toString).toList();
    List<MatchResult> results;
    try {
      results = FileSystems.match(specs);
    } catch (IOException e) {
      throw new UserError("Cannot list the chunks of the backup set at " + location + ".", e);
    }
    for (int i = 0; i < results.size(); i++) {
      MatchResult result = results.get(i);
      Manifest.Chunk chunk = chunks.get(i);
      if (result.status() != MatchResult.Status.OK) {
        throw new UserError(
            "The chunk file "
                + chunk.file()
                + " listed in the manifest is missing from the backup set at "
                + location
                + "; the set is incomplete, choose another backup set.");
      }
      long size;
      try {
        size = result.metadata().get(0).sizeBytes();
      } catch (IOException e) {
        throw new UserError("Cannot read the size of chunk file " + chunk.file() + ".", e);
      }
      if (size != chunk.bytes()) {
        throw new UserError(
            "The chunk file "
                + chunk.file()
                + " in the backup set at "
                + location
                + " has "
                + size
                + " bytes where the manifest says "
                + chunk.bytes()
                + "; the file is damaged or truncated, choose another backup set.");
      }
    }
  }

  /**
   * Checks every chunk's content before any row is written: its SHA-256, its Parquet footer and
   * its columns against the manifest, two files at a time.
   */
  public void verifyChunkContents() {
    List<java.util.concurrent.Callable<Void>> checks = new ArrayList<>();
    for (Manifest.Database db : manifest.databases()) {
      for (Manifest.Table table : db.tables()) {
        for (Manifest.Chunk chunk : table.chunks()) {
          checks.add(
              () -> {
                dev.dbrestore.io.parquet.ChunkFiles.verify(
                    file(location, chunk.file()), chunk, table.storedColumns());
                return null;
              });
        }
      }
    }
    dev.dbrestore.io.AtATime.two(checks, "Checking the chunks");
  }

  /**
   * Writes the manifest into the folder, last: first under a temporary name, then renamed, so a
   * reader never sees half a manifest. On the local file system the manifest and the folder are
   * synced to disk before the rename, and the folder after it; a backup syncs its chunks before
   * it writes the manifest ({@link #syncChunks}), so a set that has its manifest after a crash
   * has its chunks too.
   */
  public static void writeManifest(String location, Manifest manifest) throws IOException {
    writeManifest(location, manifest, true);
  }

  /**
   * Writes the manifest under its temporary name, and renames it to {@code manifest.json} unless
   * {@code complete} is false: then {@link #signAndComplete} finishes the set.
   */
  public static void writeManifest(String location, Manifest manifest, boolean complete)
      throws IOException {
    ResourceId temporary = file(location, PARTIAL_MANIFEST);
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(temporary, MimeTypes.TEXT))) {
      out.write(toJson(manifest).getBytes(StandardCharsets.UTF_8));
    }
    PrivateFiles.restrict(temporary);
    DurableFiles.sync(temporary);
    // The chunks' names are on disk before a manifest can name them.
    DurableFiles.syncFolder(folder(location));
    if (complete) {
      FileSystems.rename(
          List.of(temporary),
          List.of(file(location, Manifest.FILE_NAME)),
          StandardMoveOptions.IGNORE_MISSING_FILES);
      DurableFiles.syncFolder(folder(location));
    }
  }

  /** Flushes the set's chunk files to disk where the set is local, many at a time. */
  public static void syncChunks(String location, List<String> chunkFiles) {
    List<ResourceId> files = new ArrayList<>();
    for (String name : chunkFiles) {
      files.add(file(location, name));
    }
    DurableFiles.syncAll(files);
  }

  /**
   * Signs the manifest {@link #writeManifest(String, Manifest, boolean)} left under its temporary
   * name, writes the signature file, and only then renames the manifest to {@code
   * manifest.json}: a set counts as complete only once it is signed.
   */
  public static void signAndComplete(String location, byte[] key) throws IOException {
    ResourceId temporary = file(location, PARTIAL_MANIFEST);
    byte[] bytes;
    try (InputStream in = Channels.newInputStream(FileSystems.open(temporary))) {
      bytes = in.readAllBytes();
    }
    ResourceId partialSignature = file(location, ManifestSignature.FILE_NAME + ".partial");
    try (OutputStream out =
        Channels.newOutputStream(FileSystems.create(partialSignature, MimeTypes.TEXT))) {
      out.write(ManifestSignature.sign(key, bytes));
    }
    PrivateFiles.restrict(partialSignature);
    DurableFiles.sync(partialSignature);
    FileSystems.rename(
        List.of(partialSignature),
        List.of(file(location, ManifestSignature.FILE_NAME)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    DurableFiles.syncFolder(folder(location));
    FileSystems.rename(
        List.of(temporary),
        List.of(file(location, Manifest.FILE_NAME)),
        StandardMoveOptions.IGNORE_MISSING_FILES);
    DurableFiles.syncFolder(folder(location));
  }

  private static final String PARTIAL_MANIFEST = Manifest.FILE_NAME + ".partial";

  public static String toJson(Manifest manifest) {
    try {
      return JSON.writeValueAsString(manifest);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("The manifest cannot be written as JSON", e);
    }
  }

  public static Manifest fromJson(String json) {
    try {
      return JSON.readValue(json, Manifest.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a valid manifest: " + e.getOriginalMessage(), e);
    }
  }
}
