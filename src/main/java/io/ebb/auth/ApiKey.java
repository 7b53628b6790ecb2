package io.ebb.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One key of the keys file: its name, its scopes, the SHA-256 of the key (the key itself is never stored) and the
 * requests per second it may make on one node (none: no limit).
 */
public record ApiKey(String name, Set<Scope> scopes, String sha256, OptionalInt ratePerSecond) {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  public ApiKey {
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("a key's name is 1 to 128 characters from [A-Za-z0-9._:@-]: \"" + name + "\"");
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one scope (read, write, admin)");
    }
    scopes = Collections.unmodifiableSet(EnumSet.copyOf(scopes));
    if (!SHA256_HEX.matcher(sha256).matches()) {
      throw new IllegalArgumentException(
          "the key must be given as its SHA-256, 64 lower-case hex digits (keys are never stored in clear)");
    }
    if (ratePerSecond.isPresent() && ratePerSecond.getAsInt() < 1) {
      throw new IllegalArgumentException("the rate is a whole number of requests per second, at least 1");
    }
  }

  /** Whether this key may call an endpoint that needs {@code needed}: admin may call them all. */
  public boolean allows(Scope needed) {
    return scopes.contains(Scope.ADMIN) || scopes.contains(needed);
  }

  /** The scopes as the keys file writes them: {@code read,write}. */
  public String scopeList() {
    return scopes.stream().map(Scope::wireName).collect(Collectors.joining(","));
  }

  /** This key's line in the keys file. */
  public String line() {
    return name + " " + scopeList() + " " + sha256 + (ratePerSecond.isPresent() ? " " + ratePerSecond.getAsInt() : "");
  }

  /** A new random key: 32 bytes, base64url without padding, so only {@code [A-Za-z0-9_-]}. */
  public static String newSecret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The SHA-256 of a key's text, in hex: what the keys file holds. */
  public static String hashOf(String secret) {
    return HexFormat.of().formatHex(digest(secret));
  }

  static byte[] digest(String secret) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
