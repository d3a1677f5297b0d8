package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.io.InputStream;
import java.util.List;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.domain.Blob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Backup sets on object storage: a real S3 API server (S3Proxy over an in-memory store, with
 * signature checks) that this test starts. A backup to {@code s3://} and a restore from it give
 * the source's database exactly; a damaged object is refused as a damaged file is, naming it,
 * with nothing written. Credentials reach the AWS SDK the way a DBA gives them (here its system
 * properties, one link of the default chain), never as an option.
 */
class ObjectStorageIT {
  private static final String DB = "os_shop";
  private static final String BUCKET = "dbrestore-sets";

  private static EmbeddedMariaDb source;
  private static EmbeddedMariaDb target;
  private static S3Server s3;

  @BeforeAll
  static void startTheStoreAndMakeADatabase() throws Exception {
    s3 = S3Server.start(BUCKET);
    S3Server.useInThisProcess();
    source = TestServers.source();
    target = TestServers.target();
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
    TestServers.execute(source,
        "CREATE DATABASE " + DB,
        "CREATE DATABASE IF NOT EXISTS seq",
        "CREATE TABLE " + DB + ".customers (id INT PRIMARY KEY, name VARCHAR(40) NOT NULL,"
            + " photo BLOB, UNIQUE KEY (name))",
        "CREATE TABLE " + DB + ".orders (id BIGINT PRIMARY KEY, customer INT NOT NULL,"
            + " total DECIMAL(12,2), placed DATETIME(6), note TEXT,"
            + " FOREIGN KEY (customer) REFERENCES " + DB + ".customers (id))",
        "INSERT INTO " + DB + ".customers SELECT seq, CONCAT('customer ', seq, ' ß'),"
            + " UNHEX(REPEAT('00FF', seq % 7)) FROM seq.seq_1_to_400",
        "INSERT INTO " + DB + ".orders SELECT seq, 1 + seq % 400, seq * 1.25,"
            + " '2026-01-01 00:00:00' + INTERVAL seq SECOND, IF(seq % 3 = 0, NULL, REPEAT('n', seq % 50))"
            + " FROM seq.seq_1_to_2500",
        "CREATE VIEW " + DB + ".big_orders AS SELECT id, total FROM " + DB + ".orders"
            + " WHERE total > 100");
  }

  @AfterAll
  static void stop() throws Exception {
    S3Server.close(s3);
    TestServers.dropDatabases(source, DB);
    TestServers.dropDatabases(target, DB);
  }

  private static CliRun run(String... args) {
    return s3.run(args);
  }

  private static String backUp(String prefix) {
    String set = "s3://" + BUCKET + "/" + prefix;
    CliRun backup = run("backup", "--source", source.jdbcUrl(), "--user", "root", "--database", DB,
        "--chunk-rows", "700", "--output", set);
    assertEquals(0, backup.exit(), backup.all());
    return set;
  }

  @Test
  void aSetBackedUpToS3_restoresFromS3_asTheSourceHasIt() throws Exception {
    String set = backUp("shop/full-1");
    List<String> stored = s3.objects("shop/full-1/");
    assertTrue(stored.contains("shop/full-1/manifest.json"), stored.toString());
    assertTrue(stored.stream().filter(n -> n.endsWith(".parquet")).count() >= 5,
        "2,900 rows in chunks of at most 700: " + stored);

    CliRun restore = run("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user",
        "root", "--name", "restore from s3");
    assertEquals(0, restore.exit(), restore.all());
    assertEquals(List.of(), SameAsSource.differences(source, target, DB));
    assertFalse(restore.all().contains(S3Server.SECRET_KEY), "the secret key is printed");
    TestServers.dropDatabases(target, DB);
  }

  @Test
  void withoutAwsRegion_theRegionComesFromTheSdksOwnChain_atTheFirstS3Access() throws Exception {
    // No --awsRegion: the S3 client looks the region up itself when it is built (here from the
    // aws.region system property, the chain's first link), as Beam's default would have.
    System.setProperty("aws.region", "us-east-1");
    try {
      List<String> args = new java.util.ArrayList<>(List.of("backup", "--source",
          source.jdbcUrl(), "--user", "root", "--database", DB, "--output",
          "s3://" + BUCKET + "/shop/chain-region"));
      s3.options().stream().filter(o -> !o.startsWith("--awsRegion=")).forEach(args::add);
      CliRun backup = CliRun.of(args.toArray(String[]::new));
      assertEquals(0, backup.exit(), backup.all());
      assertTrue(s3.objects("shop/chain-region/").contains("shop/chain-region/manifest.json"),
          s3.objects("shop/chain-region/").toString());
    } finally {
      System.clearProperty("aws.region");
    }
  }

  @Test
  void aDamagedObject_isRefusedByThePreCheck_namingIt_andNothingIsWritten() throws Exception {
    String set = backUp("shop/damaged");
    BlobStore blobs = s3.blobs();
    String chunk = s3.objects("shop/damaged/").stream().filter(n -> n.endsWith(".parquet"))
        .sorted().findFirst().orElseThrow();
    byte[] bytes;
    Blob original = blobs.getBlob(BUCKET, chunk);
    try (InputStream in = original.getPayload().openStream()) {
      bytes = in.readAllBytes();
    }
    bytes[bytes.length / 2] ^= 0x01; // one bit, same size
    blobs.putBlob(BUCKET, blobs.blobBuilder(chunk).payload(bytes).build());

    CliRun restore = run("restore", "--backup-set", set, "--target", target.jdbcUrl(), "--user",
        "root", "--name", "damaged s3 set");
    assertEquals(1, restore.exit(), restore.all());
    String file = chunk.substring(chunk.lastIndexOf('/') + 1);
    assertTrue(restore.all().contains(file), "names the damaged file: " + restore.all());
    assertEquals(List.of(), TestServers.column(target, "SELECT SCHEMA_NAME FROM"
        + " information_schema.SCHEMATA WHERE SCHEMA_NAME = '" + DB + "'"), "nothing written");
  }

  @Test
  void credentialsGivenAsAPipelineOption_areRefused() {
    CliRun restore = run("restore", "--backup-set", "s3://" + BUCKET + "/shop/none", "--target",
        target.jdbcUrl(), "--user", "root",
        "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"a\","
            + "\"secretAccessKey\":\"b\"}");
    assertEquals(2, restore.exit(), restore.all());
    assertTrue(restore.all().contains("would put a secret into the job's options"),
        restore.all());
  }
}
