package dev.dbrestore.pipelines;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;
import org.jclouds.blobstore.options.ListContainerOptions;

/**
 * A real S3 API server for tests: S3Proxy over an in-memory store on a free port, checking
 * every request's AWS signature against one test key pair, with one bucket.
 */
final class S3Server implements AutoCloseable {
  static final String ACCESS_KEY = "dbrestore-test-access";
  static final String SECRET_KEY = "dbrestore-test-secret-0123456789";

  private final BlobStoreContext store;
  private final S3Proxy proxy;
  private final String bucket;

  private S3Server(BlobStoreContext store, S3Proxy proxy, String bucket) {
    this.store = store;
    this.proxy = proxy;
    this.bucket = bucket;
  }

  static S3Server start(String bucket) throws Exception {
    BlobStoreContext store = ContextBuilder.newBuilder("transient")
        .credentials("identity", "credential")
        .build(BlobStoreContext.class);
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store.getBlobStore())
        .endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
        // Beam's S3 writer always sends x-amz-server-side-encryption-bucket-key-enabled, which
        // S3Proxy does not implement (it answers 501) and AWS S3 accepts.
        .ignoreUnknownHeaders(true)
        .build();
    proxy.start();
    while (!"STARTED".equals(proxy.getState())) {
      Thread.sleep(20);
    }
    store.getBlobStore().createContainerInLocation(null, bucket);
    return new S3Server(store, proxy, bucket);
  }

  BlobStore blobs() {
    return store.getBlobStore();
  }

  String bucket() {
    return bucket;
  }

  /** The pipeline options that point Beam's S3 file system at this server. */
  List<String> options() {
    return List.of("--awsRegion=us-east-1", "--endpoint=http://127.0.0.1:" + proxy.getPort(),
        "--s3PathStyleAccess=true");
  }

  /** The command line run in this JVM with this server's options after the arguments. */
  CliRun run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(options());
    return CliRun.of(all.toArray(String[]::new));
  }

  /** Stops a server that may not have started. */
  static void close(S3Server server) throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** The key pair as the AWS SDK's default chain reads it from a process's environment. */
  static Map<String, String> environment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  /** The key pair as the default chain reads it in this JVM (its system properties link). */
  static void useInThisProcess() {
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  /** The object names under a prefix, as the store itself lists them. */
  List<String> objects(String prefix) {
    List<String> names = new ArrayList<>();
    for (StorageMetadata m : store.getBlobStore().list(bucket,
        ListContainerOptions.Builder.prefix(prefix).recursive())) {
      names.add(m.getName());
    }
    return names;
  }

  @Override
  public void close() throws Exception {
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
    proxy.stop();
    store.close();
  }
}
