package io.ebb.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ebb.app.EbbNode;
import io.ebb.testing.TestNode;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code ebb.http.tls.keystore} set the API speaks HTTPS, with the key store's certificate, and only HTTPS. */
class HttpsTest {

  @Test
  void aKeyStoreTurnsTheApiToHttps(@TempDir Path dir) throws Exception {
    Path keystore = dir.resolve("ebb.p12");
    Process keytool = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias", "ebb",
        "-keyalg", "RSA", "-keysize", "2048", "-storetype", "PKCS12", "-keystore", keystore.toString(),
        "-storepass", "test-pass", "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-validity", "2"))
        .redirectErrorStream(true).start();
    assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(keytool.exitValue()).as(new String(keytool.getInputStream().readAllBytes())).isZero();

    EbbNode node = TestNode.start(Map.of(
        "ebb.http.tls.keystore", keystore.toString(), "ebb.http.tls.keystore-password", "test-pass"));
    try {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
      HttpResponse<String> alive = trusting.send(
          HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpPort() + "/health/alive"))
              .timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(alive.statusCode()).isEqualTo(200);

      HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      assertThatThrownBy(() -> plain.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health/alive"))
              .timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString()))
          .as("plain HTTP to the HTTPS port").isInstanceOf(java.io.IOException.class);
    } finally {
      node.close();
    }
  }

  /** A client context that trusts the certificate of {@code keystore} (a self-signed one). */
  private static SSLContext trusting(Path keystore) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "test-pass".toCharArray());
    }
    TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
