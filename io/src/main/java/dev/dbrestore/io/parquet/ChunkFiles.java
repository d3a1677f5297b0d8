package dev.dbrestore.io.parquet;

import dev.dbrestore.io.UserError;
import dev.dbrestore.io.format.Manifest;
import dev.dbrestore.io.format.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.hadoop.ParquetFileReader;

/** Checks of a chunk file against its manifest entry, made before any of its rows is used. */
public final class ChunkFiles {
  private ChunkFiles() {}

  /**
   * Refuses a chunk whose bytes do not hash to the manifest's SHA-256, whose Parquet footer
   * cannot be read, or whose columns differ from the manifest's, naming the file.
   */
  public static void verify(ResourceId file, Manifest.Chunk chunk, List<Manifest.Column> columns) {
    String actual = sha256(file, chunk);
    if (!actual.equals(chunk.sha256())) {
      throw new UserError(
          "The chunk file "
              + chunk.file()
              + " does not match the SHA-256 the manifest gives for it; the file or the manifest"
              + " was changed or damaged, choose another backup set.");
    }
    Schema expected = ChunkSchema.of(columns);
    Schema found;
    // Plain options: the Hadoop-configured default parses Hadoop's XML defaults for every file.
    try (ParquetFileReader reader =
        ParquetFileReader.open(
            new BeamInputFile(file, chunk.bytes()),
            org.apache.parquet.ParquetReadOptions.builder(
                    new org.apache.parquet.conf.PlainParquetConfiguration())
                .build())) {
      String avro =
          reader.getFooter().getFileMetaData().getKeyValueMetaData().get("parquet.avro.schema");
      found = avro == null ? null : new Schema.Parser().parse(avro);
    } catch (IOException | RuntimeException e) {
      throw new UserError(
          "The chunk file " + chunk.file() + " is not a readable Parquet file (" + e.getMessage()
              + "); choose another backup set.",
          e);
    }
    if (found == null || !expected.equals(found)) {
      throw new UserError(
          "The chunk file "
              + chunk.file()
              + " holds other columns than the manifest lists for its table; choose another"
              + " backup set.");
    }
  }

  private static String sha256(ResourceId file, Manifest.Chunk chunk) {
    MessageDigest digest = Sha256.newDigest();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Channels.newInputStream(FileSystems.open(file))) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new UserError("Cannot read the chunk file " + chunk.file() + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
