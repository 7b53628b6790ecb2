package io.ebb.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The keys of one keys file, looked up by the key a request presents. {@link #reload} reads the file again and
 * takes its keys when it changed; a file that cannot be read or does not parse keeps the keys last read, and is
 * reported once (not at every reload) until it changes again.
 */
public final class ApiKeys {

  private static final Logger log = LoggerFactory.getLogger(ApiKeys.class);

  private record Known(ApiKey key, byte[] hash) {}

  private final Path file;
  private volatile List<Known> keys;
  // Touched by reload() only, which is synchronized.
  private byte[] lastRead;
  private String lastProblem;

  private ApiKeys(Path file, byte[] content, List<ApiKey> keys) {
    this.file = file;
    this.lastRead = content;
    this.keys = known(keys);
  }

  /** The keys of {@code file}, which must be readable and valid now (a node does not start on a broken one). */
  public static ApiKeys load(Path file) throws IOException {
    byte[] content = Files.readAllBytes(file);
    return new ApiKeys(file, content, KeysFile.parse(file, new String(content, StandardCharsets.UTF_8)));
  }

  public Path file() {
    return file;
  }

  public List<ApiKey> all() {
    return keys.stream().map(Known::key).toList();
  }

  /**
   * The key whose SHA-256 is that of {@code presented}. Every known hash is compared, in constant time, whichever
   * matches: how long a lookup takes tells nothing about the keys.
   */
  public Optional<ApiKey> find(String presented) {
    byte[] hash = ApiKey.digest(presented);
    ApiKey found = null;
    for (Known known : keys) {
      if (MessageDigest.isEqual(known.hash(), hash)) {
        found = known.key();
      }
    }
    return Optional.ofNullable(found);
  }

  /** Reads the file again; true when it changed and its keys are now the ones looked up. */
  public synchronized boolean reload() {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      problem("cannot read the keys file " + file + " (" + e + ")");
      return false;
    }
    if (Arrays.equals(content, lastRead)) {
      return false;
    }
    lastRead = content;
    try {
      List<ApiKey> parsed = KeysFile.parse(new String(content, StandardCharsets.UTF_8));
      keys = known(parsed);
      lastProblem = null;
      log.info("Keys file {} changed: {} keys", file, parsed.size());
      return true;
    } catch (KeysFile.InvalidKeysFile e) {
      problem("the keys file " + file + " is invalid, " + e.getMessage());
      return false;
    }
  }

  private void problem(String problem) {
    if (!problem.equals(lastProblem)) {
      log.error("{}; the {} keys read before stay in use", problem, keys.size());
      lastProblem = problem;
    }
  }

  private static List<Known> known(List<ApiKey> keys) {
    return keys.stream().map(k -> new Known(k, HexFormat.of().parseHex(k.sha256()))).toList();
  }
}
