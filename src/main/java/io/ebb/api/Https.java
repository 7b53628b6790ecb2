package io.ebb.api;

import com.typesafe.config.Config;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.HttpsConnectionContext;

/**
 * HTTPS for the API, from {@code ebb.http.tls}: a PKCS#12 key store holding the server's key and certificate chain
 * ({@code keystore}, {@code keystore-password}). Without a key store the API speaks plain HTTP (a local install,
 * or TLS ended at a load balancer in front of the nodes).
 */
final class Https {

  private Https() {}

  /** The server's TLS context, or empty when {@code ebb.http.tls.keystore} is not set. */
  static Optional<HttpsConnectionContext> fromConfig(Config ebb) {
    Config tls = ebb.getConfig("http.tls");
    String keystore = tls.getString("keystore");
    if (keystore.isBlank()) {
      return Optional.empty();
    }
    char[] password = tls.getString("keystore-password").toCharArray();
    try (InputStream in = Files.newInputStream(Path.of(keystore))) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, password);
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), null, null);
      return Optional.of(ConnectionContext.httpsServer(context));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("ebb.http.tls.keystore " + keystore + " cannot be used: " + e.getMessage(), e);
    }
  }
}
