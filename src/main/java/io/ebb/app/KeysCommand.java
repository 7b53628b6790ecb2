package io.ebb.app;

import com.typesafe.config.ConfigFactory;
import io.ebb.auth.ApiKey;
import io.ebb.auth.AuthSettings;
import io.ebb.auth.KeysFile;
import io.ebb.auth.Scope;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ebb keys add|list|remove}: the API keys of the keys file ({@code ebb.auth.keys-file}). A new key is
 * printed once, alone on standard output; the file keeps only its SHA-256. Running nodes pick changes up within
 * {@code ebb.auth.reload-interval}.
 */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Add, list or remove the API keys of the keys file (ebb.auth.keys-file, EBB_AUTH_KEYS_FILE).",
    subcommands = {KeysCommand.Add.class, KeysCommand.ListKeys.class, KeysCommand.Remove.class})
public final class KeysCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code --file}, defaulting to the configured keys file. */
  static final class KeysFileOption {

    @Option(
        names = "--file",
        paramLabel = "PATH",
        description = "The keys file (default: ebb.auth.keys-file, EBB_AUTH_KEYS_FILE).")
    Path file;

    Path resolve() {
      if (file != null) {
        return file;
      }
      return AuthSettings.fromConfig(ConfigFactory.load().getConfig("ebb"))
          .keysFile()
          .orElseThrow(
              () -> new IllegalArgumentException("no keys file: pass --file PATH or set EBB_AUTH_KEYS_FILE"));
    }
  }

  /** Runs {@code body}, turning a bad argument or an unreadable or invalid file into a message and exit code 1. */
  private static int guarded(CommandSpec spec, Callable<Integer> body) {
    try {
      return body.call();
    } catch (IllegalArgumentException | KeysFile.InvalidKeysFile e) {
      spec.commandLine().getErr().println("ebb keys: " + e.getMessage());
      return 1;
    } catch (Exception e) {
      spec.commandLine().getErr().println("ebb keys: " + e);
      return 1;
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      description = "Make a new random key, print it once and append its line (name, scopes, SHA-256, rate).")
  static final class Add implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "The key's name, 1 to 128 of [A-Za-z0-9._:@-].")
    String name;

    @Option(
        names = "--scopes",
        required = true,
        paramLabel = "SCOPES",
        description = "Comma-separated: read (GETs, recommendations socket), write (events), admin (everything).")
    String scopes;

    @Option(names = "--rate", paramLabel = "N", description = "Requests per second per node (default: no limit).")
    Integer rate;

    @Mixin KeysFileOption keysFile;

    @Override
    public Integer call() {
      return guarded(
          spec,
          () -> {
            Path file = keysFile.resolve();
            Set<Scope> scopeSet =
                Arrays.stream(scopes.split(",", -1)).map(String::strip).map(Scope::parse).collect(Collectors.toSet());
            String secret = ApiKey.newSecret();
            ApiKey key =
                new ApiKey(
                    name, scopeSet, ApiKey.hashOf(secret), rate == null ? OptionalInt.empty() : OptionalInt.of(rate));
            KeysFile.append(file, key);
            spec.commandLine().getOut().println(secret);
            spec.commandLine()
                .getErr()
                .printf(
                    "Added the key \"%s\" (%s, %s) to %s. It is shown only this once: the file keeps its SHA-256.%n",
                    key.name(), key.scopeList(), rate(key), file);
            return 0;
          });
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List the keys: names, scopes, rates.")
  static final class ListKeys implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin KeysFileOption keysFile;

    @Override
    public Integer call() {
      return guarded(
          spec,
          () -> {
            Path file = keysFile.resolve();
            List<ApiKey> keys = Files.exists(file) ? KeysFile.read(file) : List.of();
            PrintWriter out = spec.commandLine().getOut();
            int width = keys.stream().mapToInt(k -> k.name().length()).max().orElse(4);
            for (ApiKey key : keys) {
              out.printf("%-" + width + "s  %-16s  %s%n", key.name(), key.scopeList(), rate(key));
            }
            spec.commandLine().getErr().printf("%d keys in %s%n", keys.size(), file);
            return 0;
          });
    }
  }

  @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove the key named NAME.")
  static final class Remove implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Mixin KeysFileOption keysFile;

    @Override
    public Integer call() {
      return guarded(
          spec,
          () -> {
            Path file = keysFile.resolve();
            if (!Files.exists(file) || !KeysFile.remove(file, name)) {
              spec.commandLine().getErr().printf("ebb keys: no key named \"%s\" in %s%n", name, file);
              return 1;
            }
            spec.commandLine().getErr().printf("Removed the key \"%s\" from %s%n", name, file);
            return 0;
          });
    }
  }

  private static String rate(ApiKey key) {
    return key.ratePerSecond().isPresent() ? key.ratePerSecond().getAsInt() + " requests/s" : "no rate limit";
  }
}
