package dev.dbrestore.pipelines;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dbrestore.io.jdbc.ConnectionSpec;
import dev.dbrestore.io.jdbc.Dialect;
import dev.dbrestore.io.mysql.embedded.EmbeddedMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS as the README documents it for production: sslMode=VERIFY_IDENTITY with a trust store
 * that holds the server's CA, given in the URL (a JKS trust store needs no password to read its
 * certificates, so the URL carries none). A server whose certificate another CA signed, or one
 * issued for another name, is refused. The certificates are made here with openssl and keytool.
 */
class TlsConnectionIT {
  @TempDir static Path certs;
  private static EmbeddedMariaDb server;

  @BeforeAll
  static void startServerWithTls() throws Exception {
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=dbrestore test CA", "-keyout", "ca.key", "-out", "ca.pem");
    run("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout",
        "server.key", "-out", "server.csr");
    Files.writeString(certs.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
    run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
        "-CAcreateserial", "-days", "2", "-extfile", "san.ext", "-out", "server.pem");
    // A second CA that signed nothing the server has.
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
        "/CN=another CA", "-keyout", "other.key", "-out", "other.pem");
    for (String ca : List.of("ca", "other")) {
      run("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file", ca + ".pem",
          "-keystore", ca + "-trust.jks", "-storetype", "JKS", "-storepass", "changeit");
    }
    server =
        EmbeddedMariaDb.start(
            "it-tls", "--ssl-ca=" + certs.resolve("ca.pem"), "--ssl-cert=" + certs.resolve("server.pem"),
            "--ssl-key=" + certs.resolve("server.key"));
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static String url(String host, String trustStore) {
    return "jdbc:mysql://" + host + ":" + server.port() + "/?sslMode=VERIFY_IDENTITY"
        + "&trustCertificateKeyStoreUrl=file:" + certs.resolve(trustStore)
        + "&trustCertificateKeyStoreType=JKS";
  }

  @Test
  void verifyIdentityWithTheServersCaConnectsOverTls() throws Exception {
    Dialect dialect = Dialect.forUrl(server.jdbcUrl());
    dialect.checkUrl(url("127.0.0.1", "ca-trust.jks"));
    try (Connection c =
            ConnectionSpec.of(url("127.0.0.1", "ca-trust.jks"), "root", null).open(dialect, Map.of());
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
      assertTrue(r.next());
      assertFalse(r.getString(2).isEmpty(), "the session is not encrypted");
    }
  }

  @Test
  void aServerSignedByAnotherCaOrNamedOtherwiseIsRefused() {
    Dialect dialect = Dialect.forUrl(server.jdbcUrl());
    SQLException otherCa =
        assertThrows(
            SQLException.class,
            () -> ConnectionSpec.of(url("127.0.0.1", "other-trust.jks"), "root", null)
                .open(dialect, Map.of()).close());
    assertTrue(refusedByCertificate(otherCa), String.valueOf(otherCa));
    // The certificate names 127.0.0.1 only; "localhost" reaches the same server.
    SQLException otherName =
        assertThrows(
            SQLException.class,
            () -> ConnectionSpec.of(url("localhost", "ca-trust.jks"), "root", null)
                .open(dialect, Map.of()).close());
    assertTrue(refusedByCertificate(otherName), String.valueOf(otherName));
  }

  /** Whether the connection failed in the TLS handshake on the server's certificate. */
  private static boolean refusedByCertificate(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof javax.net.ssl.SSLHandshakeException
          || t instanceof java.security.cert.CertificateException) {
        return true;
      }
    }
    return false;
  }

  private static void run(String... command) throws Exception {
    Process p =
        new ProcessBuilder(command).directory(certs.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
  }
}
