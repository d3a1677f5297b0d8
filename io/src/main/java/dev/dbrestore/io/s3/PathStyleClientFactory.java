package dev.dbrestore.io.s3;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Beam's S3 client, with path-style addressing when {@link ObjectStoreOptions} asks for it. */
public final class PathStyleClientFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    S3ClientBuilder builder = new DefaultS3ClientBuilderFactory().createBuilder(options);
    return builder.forcePathStyle(options.as(ObjectStoreOptions.class).getS3PathStyleAccess());
  }
}
