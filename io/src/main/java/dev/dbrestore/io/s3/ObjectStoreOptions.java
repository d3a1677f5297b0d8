package dev.dbrestore.io.s3;

import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/**
 * Where {@code s3://} backup sets and log segments are: Beam's S3 options (awsRegion, endpoint
 * for an S3-compatible store), and path-style addressing. Credentials are not options: they come
 * from the AWS SDK's default chain (environment, system properties, profile, instance role).
 */
public interface ObjectStoreOptions extends S3Options {
  @Description(
      "Address buckets in the path (http://host/bucket/key) instead of the host name, as most"
          + " S3-compatible stores need.")
  @Default.Boolean(false)
  boolean getS3PathStyleAccess();

  void setS3PathStyleAccess(boolean value);
}
