package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.api.ApiSettings;
import io.ebb.api.HttpApi;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.ExactVectorIndex;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.ItemStore;
import io.ebb.interest.InterestSettings;
import io.ebb.rank.Popularity;
import io.ebb.rank.RecommendSettings;
import io.ebb.rank.Recommender;
import io.ebb.user.ItemLookup;
import io.ebb.user.UserInterest;
import io.ebb.user.UserSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Ebb node: the ActorSystem (a cluster member, sharding user entities), the catalog with its index,
 * popularity, the recommender and the HTTP API. Started against a {@link CassandraStore}.
 */
public final class EbbNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EbbNode.class);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final ScheduledExecutorService scheduler;
  private final ExecutorService embedExecutor;

  private EbbNode(
      ActorSystem<Void> system,
      ServerBinding binding,
      ScheduledExecutorService scheduler,
      ExecutorService embedExecutor) {
    this.system = system;
    this.binding = binding;
    this.scheduler = scheduler;
    this.embedExecutor = embedExecutor;
  }

  /** The Pekko config for a node using {@code store}: the driver pointed at its contact points. */
  public static Config nodeConfig(Config base, CassandraStore store) {
    return base.withValue(
            "datastax-java-driver.basic.contact-points",
            ConfigValueFactory.fromIterable(store.contactPoints()))
        .withValue(
            "datastax-java-driver.basic.load-balancing-policy.local-datacenter",
            ConfigValueFactory.fromAnyRef(store.localDatacenter()));
  }

  public static EbbNode start(Config config) throws Exception {
    Config ebb = config.getConfig("ebb");
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "ebb", config);
    try {
      Cluster cluster = Cluster.get(system);
      if (config.getStringList("pekko.cluster.seed-nodes").isEmpty()) {
        cluster.manager().tell(Join.create(cluster.selfMember().address()));
      }
      return wire(system, config, ebb);
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  private static EbbNode wire(ActorSystem<Void> system, Config config, Config ebb) throws Exception {
    Clock clock = Clock.systemUTC();
    ObjectMapper json = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    CqlSession session =
        CassandraSessionRegistry.get(system)
            .sessionFor("pekko.persistence.cassandra")
            .underlying()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);

    int threads = ebb.getInt("embedding.threads");
    ExecutorService embedExecutor =
        Executors.newFixedThreadPool(
            threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), daemon("ebb-embed"));
    String modelName = ebb.getString("embedding.model");
    long t0 = System.nanoTime();
    ItemEmbedder embedder = ItemEmbedder.of(modelName);
    log.info("Embedding model {} loaded in {} ms", modelName, (System.nanoTime() - t0) / 1_000_000);
    Catalog catalog = new Catalog(new ItemStore(session, json), embedder, new ExactVectorIndex(), embedExecutor);
    int items = catalog.load().toCompletableFuture().get(30, TimeUnit.MINUTES);
    log.info("Catalog loaded: {} items", items);

    RecommendSettings recommendSettings = RecommendSettings.fromConfig(ebb);
    Popularity popularity = new Popularity(session);
    popularity.refresh();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(daemon("ebb-popularity"));
    schedule(scheduler, popularity::flush, recommendSettings.popularityFlushInterval());
    schedule(scheduler, popularity::refresh, recommendSettings.popularityRefreshInterval());

    AtomicReference<InterestSettings> interestSettings = new AtomicReference<>(InterestConfig.fromConfig(ebb));
    ItemLookup itemLookup =
        itemId -> catalog.vector(itemId).map(v -> new ItemLookup.Features(v, catalog.tags(itemId)));
    UserInterest.init(
        system,
        new UserInterest.Dependencies(
            UserSettings.fromConfig(ebb),
            interestSettings::get,
            itemLookup,
            clock,
            UserInterest.Forgetter.cassandra(system)));

    ApiSettings apiSettings = ApiSettings.fromConfig(ebb);
    HttpApi api =
        new HttpApi(
            new HttpApi.Dependencies(
                system,
                json,
                apiSettings,
                catalog,
                popularity,
                new Recommender(catalog, popularity, recommendSettings),
                clock,
                () -> journalUsable(session)));
    ServerBinding binding = api.bind().toCompletableFuture().get(30, TimeUnit.SECONDS);
    binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
    CoordinatedShutdown.get(system)
        .addTask(
            CoordinatedShutdown.PhaseServiceStop(),
            "flush-popularity",
            () -> {
              scheduler.shutdown();
              popularity.flush();
              return java.util.concurrent.CompletableFuture.completedFuture(Done.getInstance());
            });
    log.info("Ebb serves HTTP on {}", binding.localAddress());
    return new EbbNode(system, binding, scheduler, embedExecutor);
  }

  private static CompletionStage<Boolean> journalUsable(CqlSession session) {
    return session
        .executeAsync("SELECT release_version FROM system.local")
        .thenApply(rs -> rs.one() != null)
        .exceptionally(e -> false);
  }

  private static void schedule(ScheduledExecutorService scheduler, Runnable task, Duration interval) {
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.warn("Periodic task failed: {}", e.toString());
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public ActorSystem<Void> system() {
    return system;
  }

  public int httpPort() {
    return binding.localAddress().getPort();
  }

  /** Runs the coordinated shutdown (unbind HTTP, hand off shards, flush, terminate) and waits for it. */
  @Override
  public void close() {
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("The actor system did not terminate within 60 s: {}", e.toString());
    }
    scheduler.shutdownNow();
    embedExecutor.shutdownNow();
  }

  /** Waits until the node has stopped (for whatever reason). */
  public void awaitTermination() throws Exception {
    system.getWhenTerminated().toCompletableFuture().get();
  }
}
