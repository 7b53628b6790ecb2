package io.ebb.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The keys file: one key a line, {@code <name> <scopes> <sha256 hex of the key> [<requests per second>]}, scopes
 * comma-separated, {@code #} starting a comment. Names and hashes are unique.
 *
 * <p>Writes change the file in place, each in one write: a node reading it meanwhile sees it before or after, and
 * a file bind-mounted into a container (docker compose) stays the file the container sees.
 */
public final class KeysFile {

  /** A keys file that does not parse, naming the line at fault. */
  public static final class InvalidKeysFile extends RuntimeException {
    InvalidKeysFile(String message) {
      super(message, null, false, false);
    }
  }

  private KeysFile() {}

  public static List<ApiKey> read(Path file) throws IOException {
    return parse(file, Files.readString(file, StandardCharsets.UTF_8));
  }

  /** {@link #parse(String)}, naming {@code file} in the error. */
  static List<ApiKey> parse(Path file, String text) {
    try {
      return parse(text);
    } catch (InvalidKeysFile e) {
      throw new InvalidKeysFile(file + ", " + e.getMessage());
    }
  }

  public static List<ApiKey> parse(String text) {
    List<ApiKey> keys = new ArrayList<>();
    Set<String> names = new HashSet<>();
    Set<String> hashes = new HashSet<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String content = withoutComment(lines[i]);
      if (content.isEmpty()) {
        continue;
      }
      ApiKey key;
      try {
        key = parseLine(content);
      } catch (IllegalArgumentException e) {
        throw new InvalidKeysFile("line " + (i + 1) + ": " + e.getMessage());
      }
      if (!names.add(key.name())) {
        throw new InvalidKeysFile("line " + (i + 1) + ": a second key named \"" + key.name() + "\"");
      }
      if (!hashes.add(key.sha256())) {
        throw new InvalidKeysFile("line " + (i + 1) + ": the same key as an earlier line (same SHA-256)");
      }
      keys.add(key);
    }
    return List.copyOf(keys);
  }

  private static ApiKey parseLine(String content) {
    String[] fields = content.split("\\s+");
    if (fields.length < 3 || fields.length > 4) {
      throw new IllegalArgumentException(
          "expected <name> <scopes> <sha256 hex of the key> [<requests per second>], found " + fields.length
              + " fields");
    }
    Set<Scope> scopes =
        Arrays.stream(fields[1].split(",", -1)).map(Scope::parse).collect(Collectors.toSet());
    return new ApiKey(fields[0], scopes, fields[2].toLowerCase(Locale.ROOT), rate(fields));
  }

  private static OptionalInt rate(String[] fields) {
    if (fields.length < 4) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(fields[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "the rate is a whole number of requests per second, at least 1: \"" + fields[3] + "\"");
    }
  }

  private static String withoutComment(String line) {
    int hash = line.indexOf('#');
    return (hash < 0 ? line : line.substring(0, hash)).strip();
  }

  /** Appends {@code key}'s line, creating the file (and its folder) when there is none. */
  public static void append(Path file, ApiKey key) throws IOException {
    String existing = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    List<ApiKey> keys = parse(file, existing);
    if (keys.stream().anyMatch(k -> k.name().equals(key.name()))) {
      throw new IllegalArgumentException("there is a key named \"" + key.name() + "\" already in " + file);
    }
    String line = (existing.isEmpty() || existing.endsWith("\n") ? "" : "\n") + key.line() + "\n";
    Path folder = file.toAbsolutePath().getParent();
    if (folder != null) {
      Files.createDirectories(folder);
    }
    Files.writeString(
        file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /** Removes the line of the key named {@code name}, keeping every other line; false when there is none. */
  public static boolean remove(Path file, String name) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    parse(file, text); // a broken file is reported, not rewritten
    List<String> kept = new ArrayList<>();
    boolean found = false;
    for (String line : text.split("\n", -1)) {
      String content = withoutComment(line);
      if (!content.isEmpty() && content.split("\\s+")[0].equals(name)) {
        found = true;
      } else {
        kept.add(line);
      }
    }
    if (found) {
      Files.writeString(file, String.join("\n", kept), StandardCharsets.UTF_8);
    }
    return found;
  }
}
