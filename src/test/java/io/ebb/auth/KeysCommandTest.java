package io.ebb.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.ebb.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ebb keys add|list|remove} through the real command line. */
class KeysCommandTest {

  private record Run(int exit, String out, String err) {}

  private static Run ebb(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        new CommandLine(new Main()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void addPrintsANewKeyOnceAndTheFileKeepsOnlyItsHash(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("keys/api-keys");
    Run added = ebb("keys", "add", "shop", "--scopes", "read,write", "--rate", "20", "--file", file.toString());
    assertThat(added.exit()).as(added.err()).isZero();
    String key = added.out().strip();
    assertThat(key).matches("[A-Za-z0-9_-]{43}");
    assertThat(added.err()).contains("shop", "read,write", "20 requests/s", "only this once").doesNotContain(key);

    String text = Files.readString(file);
    assertThat(text).doesNotContain(key).contains(ApiKey.hashOf(key));
    ApiKeys keys = ApiKeys.load(file);
    assertThat(keys.find(key))
        .hasValueSatisfying(
            k -> {
              assertThat(k.name()).isEqualTo("shop");
              assertThat(k.scopes()).containsExactly(Scope.READ, Scope.WRITE);
              assertThat(k.ratePerSecond()).isEqualTo(OptionalInt.of(20));
            });

    Run second = ebb("keys", "add", "ops", "--scopes", "admin", "--file", file.toString());
    assertThat(second.exit()).isZero();
    assertThat(second.out().strip()).isNotEqualTo(key);
    Run list = ebb("keys", "list", "--file", file.toString());
    assertThat(list.out()).contains("shop", "read,write", "20 requests/s", "ops", "admin", "no rate limit");
    assertThat(list.out()).doesNotContain(key);

    assertThat(ebb("keys", "remove", "shop", "--file", file.toString()).exit()).isZero();
    assertThat(ApiKeys.load(file).find(key)).isEmpty();
    assertThat(ApiKeys.load(file).find(second.out().strip())).isPresent();
    assertThat(ebb("keys", "remove", "shop", "--file", file.toString()).exit()).isEqualTo(1);
  }

  @Test
  void badArgumentsAreRefusedAndTheFileIsLeftAlone(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("api-keys");
    Run badScope = ebb("keys", "add", "shop", "--scopes", "read,delete", "--file", file.toString());
    assertThat(badScope.exit()).isEqualTo(1);
    assertThat(badScope.err()).contains("unknown scope \"delete\"");
    assertThat(badScope.out()).isEmpty();
    assertThat(file).doesNotExist();

    assertThat(ebb("keys", "add", "shop", "--scopes", "read", "--file", file.toString()).exit()).isZero();
    Run twice = ebb("keys", "add", "shop", "--scopes", "write", "--file", file.toString());
    assertThat(twice.exit()).isEqualTo(1);
    assertThat(twice.err()).contains("already");
    assertThat(twice.out()).isEmpty();
    assertThat(KeysFile.read(file)).hasSize(1);

    Run noRate = ebb("keys", "add", "other", "--scopes", "read", "--rate", "0", "--file", file.toString());
    assertThat(noRate.exit()).isEqualTo(1);
    assertThat(KeysFile.read(file)).hasSize(1);
  }
}
