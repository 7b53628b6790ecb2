package io.ebb.bench;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The load generator's own ActorSystem, for Pekko HTTP's client: local, built from the libraries' reference
 * settings only, so the service's {@code application.conf} (cluster, persistence) stays out of it, and logging
 * only warnings, to the console (not through SLF4J, whose INFO lines would land in the benchmark's output).
 */
final class ClientSystem {

  private ClientSystem() {}

  static ActorSystem<Void> start(String name) {
    Config config =
        ConfigFactory.defaultOverrides() // -Dpekko.… on the command line still tunes it
            .withFallback(ConfigFactory.parseString(
                """
                pekko.actor.provider = local
                pekko.loglevel = WARNING
                pekko.stdout-loglevel = OFF
                pekko.use-slf4j = off
                pekko.loggers = ["org.apache.pekko.event.Logging$DefaultLogger"]
                pekko.logging-filter = "org.apache.pekko.event.DefaultLoggingFilter"
                pekko.log-dead-letters = off
                pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off
                pekko.http.client.user-agent-header = ebb-bench
                """))
            .withFallback(ConfigFactory.defaultReference());
    return ActorSystem.create(Behaviors.empty(), name, config);
  }

  static void stop(ActorSystem<?> system) {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      System.err.println("[bench] the client's actor system did not stop within 30 s: " + e);
    }
  }
}
