package dev.dbrestore.io.parquet;

import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.ResourceId;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** A Parquet input file on any Beam file system whose channels can seek. */
final class BeamInputFile implements InputFile {
  private final ResourceId resource;
  private final long length;

  BeamInputFile(ResourceId resource, long length) {
    this.resource = resource;
    this.length = length;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    ReadableByteChannel channel = FileSystems.open(resource);
    if (!(channel instanceof SeekableByteChannel seekable)) {
      channel.close();
      throw new IOException(
          "The file system of " + resource + " cannot seek, which reading Parquet needs");
    }
    return new DelegatingSeekableInputStream(Channels.newInputStream(seekable)) {
      @Override
      public long getPos() throws IOException {
        return seekable.position();
      }

      @Override
      public void seek(long newPos) throws IOException {
        seekable.position(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return resource.toString();
  }
}
