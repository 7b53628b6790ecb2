package io.ebb.auth;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** {@code ebb.auth}: the keys file (none: access is not checked) and how often it is read again. */
public record AuthSettings(Optional<Path> keysFile, Duration reloadInterval) {

  public static AuthSettings fromConfig(Config ebb) {
    Config c = ebb.getConfig("auth");
    Optional<Path> file =
        c.hasPath("keys-file") && !c.getString("keys-file").isBlank()
            ? Optional.of(Path.of(c.getString("keys-file")))
            : Optional.empty();
    return new AuthSettings(file, c.getDuration("reload-interval"));
  }
}
