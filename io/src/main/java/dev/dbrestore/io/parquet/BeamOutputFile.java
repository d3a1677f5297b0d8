package dev.dbrestore.io.parquet;

import dev.dbrestore.io.format.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.beam.sdk.util.MimeTypes;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/**
 * A Parquet output file on any Beam file system, counting the bytes and hashing them (SHA-256)
 * as they are written, so the manifest gets both without reading the file again.
 */
final class BeamOutputFile implements OutputFile {
  private final ResourceId resource;
  private final MessageDigest sha256;
  private long bytesWritten;

  BeamOutputFile(ResourceId resource) {
    this.resource = resource;
    this.sha256 = Sha256.newDigest();
  }

  ResourceId resource() {
    return resource;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  String sha256Hex() {
    return HexFormat.of().formatHex(sha256.digest());
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return createOrOverwrite(blockSizeHint);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    OutputStream out = Channels.newOutputStream(FileSystems.create(resource, MimeTypes.BINARY));
    // Private before the first row is written, not only once the file is complete.
    dev.dbrestore.io.format.PrivateFiles.restrict(resource);
    return new PositionOutputStream() {
      @Override
      public long getPos() {
        return bytesWritten;
      }

      @Override
      public void write(int b) throws IOException {
        out.write(b);
        sha256.update((byte) b);
        bytesWritten++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        sha256.update(b, off, len);
        bytesWritten += len;
      }

      @Override
      public void flush() throws IOException {
        out.flush();
      }

      @Override
      public void close() throws IOException {
        out.close();
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return resource.toString();
  }
}
