package io.ebb.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeysFileTest {

  private static final String HASH_A = ApiKey.hashOf("secret-a");
  private static final String HASH_B = ApiKey.hashOf("secret-b");

  @Test
  void readsNamesScopesHashesAndRatesSkippingCommentsAndBlankLines() {
    List<ApiKey> keys =
        KeysFile.parse(
            """
            # Ebb's API keys
            shop   read,write  %s  50   # the web shop

            ops admin %s
            """
                .formatted(HASH_A, HASH_B.toUpperCase()));
    assertThat(keys)
        .containsExactly(
            new ApiKey("shop", Set.of(Scope.READ, Scope.WRITE), HASH_A, OptionalInt.of(50)),
            new ApiKey("ops", Set.of(Scope.ADMIN), HASH_B, OptionalInt.empty()));
    assertThat(keys.get(0).line()).isEqualTo("shop read,write " + HASH_A + " 50");
  }

  @Test
  void anEmptyFileOrOneOfCommentsHoldsNoKeys() {
    assertThat(KeysFile.parse("")).isEmpty();
    assertThat(KeysFile.parse("# nothing yet\n\n   # still nothing\r\n")).isEmpty();
  }

  @Test
  void aBadLineIsNamedByItsNumber() {
    assertInvalid("shop read " + HASH_A + "\nbad line\n", "line 2", "expected <name> <scopes>");
    assertInvalid("shop read,delete " + HASH_A, "line 1", "unknown scope \"delete\"");
    assertInvalid("shop read, " + HASH_A, "line 1", "unknown scope");
    assertInvalid("shop read " + HASH_A + " fast", "line 1", "whole number");
    assertInvalid("shop read " + HASH_A + " 0", "line 1", "at least 1");
    assertInvalid("shop read " + HASH_A + " 5 extra", "line 1", "found 5 fields");
    assertInvalid("sh/op read " + HASH_A, "line 1", "name");
  }

  @Test
  void aKeyInClearInsteadOfItsHashIsRefused() {
    assertInvalid("shop read " + ApiKey.newSecret(), "line 1", "SHA-256");
  }

  @Test
  void namesAndKeysAreUnique() {
    assertInvalid("a read " + HASH_A + "\na write " + HASH_B, "line 2", "a second key named \"a\"");
    assertInvalid("a read " + HASH_A + "\nb write " + HASH_A, "line 2", "same key");
  }

  @Test
  void appendCreatesTheFileAndRemoveKeepsEveryOtherLine(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("conf/api-keys");
    ApiKey shop = new ApiKey("shop", Set.of(Scope.READ), HASH_A, OptionalInt.of(5));
    KeysFile.append(file, shop);
    Files.writeString(file, Files.readString(file) + "# ops below, no newline at the end");
    ApiKey ops = new ApiKey("ops", Set.of(Scope.ADMIN), HASH_B, OptionalInt.empty());
    KeysFile.append(file, ops);
    assertThat(KeysFile.read(file)).containsExactly(shop, ops);
    assertThatThrownBy(() -> KeysFile.append(file, ops)).hasMessageContaining("already");

    assertThat(KeysFile.remove(file, "shop")).isTrue();
    assertThat(KeysFile.read(file)).containsExactly(ops);
    assertThat(Files.readString(file)).contains("# ops below").doesNotContain(HASH_A);
    assertThat(KeysFile.remove(file, "shop")).isFalse();
  }

  @Test
  void newKeysAreRandomAndUseOnlyUrlSafeCharacters() {
    String a = ApiKey.newSecret();
    String b = ApiKey.newSecret();
    assertThat(a).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(b);
    assertThat(ApiKey.hashOf(a)).matches("[0-9a-f]{64}").isNotEqualTo(ApiKey.hashOf(b));
    // The SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    assertThat(ApiKey.hashOf("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private static void assertInvalid(String text, String line, String message) {
    assertThatThrownBy(() -> KeysFile.parse(text))
        .isInstanceOf(KeysFile.InvalidKeysFile.class)
        .hasMessageStartingWith(line + ":")
        .hasMessageContaining(message);
  }
}
