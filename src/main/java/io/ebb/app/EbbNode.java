package io.ebb.app;

import com.datastax.oss.driver.api.core.CqlSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueFactory;
import io.ebb.api.ApiSettings;
import io.ebb.api.HttpApi;
import io.ebb.catalog.Catalog;
import io.ebb.catalog.ItemEmbedder;
import io.ebb.catalog.ItemStore;
import io.ebb.catalog.VectorIndexSettings;
import io.ebb.cluster.CatalogSync;
import io.ebb.cluster.ClusterFormation;
import io.ebb.cluster.InterestChanges;
import io.ebb.cluster.NodeReadiness;
import io.ebb.llm.Capturers;
import io.ebb.llm.InterestCapturer;
import io.ebb.llm.LlmSettings;
import io.ebb.rank.Popularity;
import io.ebb.rank.RecommendSettings;
import io.ebb.rank.Recommender;
import io.ebb.model.ServingModel;
import io.ebb.settings.SettingsStore;
import io.ebb.settings.SettingsWatcher;
import io.ebb.trajectory.Trajectories;
import io.ebb.user.ItemLookup;
import io.ebb.user.UserInterest;
import io.ebb.user.UserMetrics;
import io.ebb.user.UserSettings;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.serialization.jackson.JacksonObjectMapperProvider;
import org.apache.pekko.stream.connectors.cassandra.javadsl.CassandraSessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Ebb node: the ActorSystem (a cluster member, sharding user entities), the catalog with its index,
 * popularity, the recommender and the HTTP API. Started against a {@link CassandraStore}.
 *
 * <p>Its coordinated shutdown (SIGTERM, or {@link #close}) first reports not ready, then unbinds HTTP and lets
 * requests finish, hands the node's shards to the others, leaves the cluster and stops.
 */
public final class EbbNode implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EbbNode.class);

  private final ActorSystem<Void> system;
  private final ServerBinding binding;
  private final List<ScheduledExecutorService> schedulers;
  private final ExecutorService embedExecutor;
  private final InterestChanges interestChanges;

  private EbbNode(
      ActorSystem<Void> system,
      ServerBinding binding,
      List<ScheduledExecutorService> schedulers,
      ExecutorService embedExecutor,
      InterestChanges interestChanges) {
    this.system = system;
    this.binding = binding;
    this.schedulers = schedulers;
    this.embedExecutor = embedExecutor;
    this.interestChanges = interestChanges;
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
    ClusterFormation formation = ClusterFormation.fromConfig(config);
    Config nodeConfig = formation.configure(config);
    ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), ClusterFormation.SYSTEM_NAME, nodeConfig);
    try {
      formation.join(system);
      return wire(system, nodeConfig, nodeConfig.getConfig("ebb"));
    } catch (Exception | Error e) {
      system.terminate();
      throw e;
    }
  }

  /**
   * The composition: catalog and index, popularity, the active serving model, user entities, the HTTP API and the
   * shutdown tasks, each made by a factory of its own below.
   */
  private static EbbNode wire(ActorSystem<Void> system, Config config, Config ebb) throws Exception {
    Clock clock = Clock.systemUTC();
    PrometheusMeterRegistry registry = NodeMeters.registry(system);
    ObjectMapper json = JacksonObjectMapperProvider.get(system).getOrCreate("jackson-json", Optional.empty());
    CqlSession session = session(system);
    NodeMeters.bindJournalGroups(session, registry);
    ExecutorService embedExecutor = embedExecutor(ebb);
    ItemEmbedder embedder = embedder(ebb);
    Catalog catalog = catalog(ebb, session, json, embedder, embedExecutor);
    CatalogSync catalogSync = CatalogSync.start(system, catalog, session, CatalogSync.Settings.fromConfig(ebb));
    int items = catalog.load().toCompletableFuture().get(30, TimeUnit.MINUTES);
    log.info("Catalog loaded: {} items", items);

    RecommendSettings recommendSettings = RecommendSettings.fromConfig(ebb);
    ScheduledExecutorService popularityThread = Executors.newSingleThreadScheduledExecutor(daemon("ebb-popularity"));
    Popularity popularity = popularity(session, recommendSettings, clock, popularityThread);
    // Its own thread: adopting a model rebuilds the index, which must not hold up popularity flushes.
    ScheduledExecutorService modelThread = Executors.newSingleThreadScheduledExecutor(daemon("ebb-model"));
    SettingsWatcher models = models(ebb, session, catalog, recommendSettings, modelThread);
    Recommender recommender =
        new Recommender(catalog, popularity, recommendSettings, () -> models.current().ranking());

    LlmSettings llm = LlmSettings.from(ebb.getConfig("llm"));
    InterestCapturer capturer =
        Capturers.create(llm, registry, system.classicSystem().scheduler(), system.executionContext());
    log.info("Stated interests: {}", llm);
    InterestChanges interestChanges = InterestChanges.start(system, InterestChanges.Settings.fromConfig(ebb));
    UserInterest.init(system, entityDependencies(ebb, clock, system, catalog, popularity, models, interestChanges,
        registry, new StatedInterestCapture(llm, capturer, catalog, embedder, embedExecutor), recommender));

    AtomicBoolean stopping = new AtomicBoolean();
    BooleanSupplier memberUp = () -> !stopping.get() && isUp(Cluster.get(system).selfMember().status());
    NodeReadiness.get(system)
        .set(() -> journalUsable(session).thenApply(j -> j && catalog.isLoaded() && memberUp.getAsBoolean()));

    HttpApi api = new HttpApi(new HttpApi.Dependencies(
        system, json, ApiSettings.fromConfig(ebb), catalog, popularity, recommender,
        clock, () -> journalUsable(session),
        new HttpApi.ClusterHooks(memberUp, interestChanges, catalogSync::announce), registry,
        new Trajectories(system, catalog, () -> models.current().interest(), clock),
        new HttpApi.Models(models::current, new SettingsStore(session)::report)));
    ServerBinding binding = api.bind().toCompletableFuture().get(30, TimeUnit.SECONDS);
    addShutdownTasks(system, binding, stopping, popularity, capturer, popularityThread, modelThread);
    log.info("Ebb serves HTTP on {}", binding.localAddress());
    return new EbbNode(system, binding, List.of(popularityThread, modelThread), embedExecutor, interestChanges);
  }

  private static CqlSession session(ActorSystem<Void> system) throws Exception {
    return CassandraSessionRegistry.get(system)
        .sessionFor("pekko.persistence.cassandra")
        .underlying()
        .toCompletableFuture()
        .get(60, TimeUnit.SECONDS);
  }

  private static ExecutorService embedExecutor(Config ebb) {
    int threads = ebb.getInt("embedding.threads");
    return Executors.newFixedThreadPool(
        threads > 0 ? threads : Runtime.getRuntime().availableProcessors(), daemon("ebb-embed"));
  }

  private static ItemEmbedder embedder(Config ebb) {
    String modelName = ebb.getString("embedding.model");
    long t0 = System.nanoTime();
    ItemEmbedder embedder = ItemEmbedder.of(modelName);
    log.info("Embedding model {} loaded in {} ms", modelName, (System.nanoTime() - t0) / 1_000_000);
    return embedder;
  }

  private static Catalog catalog(
      Config ebb, CqlSession session, ObjectMapper json, ItemEmbedder embedder, ExecutorService embedExecutor) {
    VectorIndexSettings indexes = VectorIndexSettings.fromConfig(ebb);
    return new Catalog(new ItemStore(session, json), embedder, indexes.newIndex(), indexes::newIndex, embedExecutor);
  }

  /** Popularity read from Cassandra now, then flushed and refreshed on {@code thread}. */
  private static Popularity popularity(
      CqlSession session, RecommendSettings settings, Clock clock, ScheduledExecutorService thread) {
    Popularity popularity = new Popularity(session, settings.recency(), clock);
    popularity.refresh();
    schedule(thread, popularity::flush, settings.popularityFlushInterval());
    schedule(thread, popularity::refresh, settings.popularityRefreshInterval());
    return popularity;
  }

  /**
   * The active serving model: the configured defaults until {@code ebb tune --apply} stores a newer version, polled
   * on {@code thread}. The catalog serves the model's item space before entities start, and swaps in each newer
   * one before the entities see it.
   */
  private static SettingsWatcher models(
      Config ebb, CqlSession session, Catalog catalog, RecommendSettings recommend, ScheduledExecutorService thread)
      throws Exception {
    SettingsWatcher models = new SettingsWatcher(
        new SettingsStore(session), ServingModel.defaults(InterestConfig.fromConfig(ebb), recommend.ranking()));
    ServingModel active = models.current();
    if (!active.items().equals(catalog.itemSpace())) {
      // load() indexed plain text vectors; only another item space needs the index rebuilt.
      catalog.useItemSpace(active.items()).toCompletableFuture().get(10, TimeUnit.MINUTES);
    }
    log.info("Serving model version {} ({})", active.version(), active.origin());
    models.onChange(m -> {
      if (!m.items().equals(catalog.itemSpace())) {
        catalog.useItemSpace(m.items()).toCompletableFuture().join();
      }
    });
    schedule(thread, models::poll, ebb.getDuration("settings.poll-interval"));
    return models;
  }

  private static UserInterest.Dependencies entityDependencies(
      Config ebb, Clock clock, ActorSystem<Void> system, Catalog catalog, Popularity popularity,
      SettingsWatcher models, InterestChanges interestChanges, PrometheusMeterRegistry registry,
      StatedInterestCapture capture, Recommender recommender) {
    ItemLookup items = new ItemLookup() {
      @Override
      public Optional<Features> find(String itemId) {
        return catalog.foldVector(itemId).map(v -> new ItemLookup.Features(v, catalog.tags(itemId)));
      }

      @Override
      public float[] textVector(float[] textEmbedding) {
        return catalog.textInItemSpace(textEmbedding);
      }
    };
    return new UserInterest.Dependencies(
        UserSettings.fromConfig(ebb),
        () -> models.current().interest(),
        version -> models.version(version).interest(),
        () -> models.current().activatedAt(),
        items,
        clock,
        UserInterest.Forgetter.cassandra(system),
        interestChanges.listener(),
        new UserMetrics(registry),
        capture,
        null, // sharded: UserInterest.init hands commands on through the shard region
        popularity::record,
        recommender::recommend); // on the entity's node: a list, not the consumed set, crosses the cluster
  }

  /**
   * Coordinated shutdown: report not ready before the port closes (load balancers and Kubernetes see it), unbind,
   * flush popularity, close the interest capture.
   */
  private static void addShutdownTasks(
      ActorSystem<Void> system, ServerBinding binding, AtomicBoolean stopping, Popularity popularity,
      InterestCapturer capturer, ScheduledExecutorService... threads) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "report-not-ready", () -> {
      stopping.set(true);
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    binding.addToCoordinatedShutdown(Duration.ofSeconds(10), system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "flush-popularity", () -> {
      for (ScheduledExecutorService t : threads) {
        t.shutdown();
      }
      popularity.flush();
      return CompletableFuture.completedFuture(Done.getInstance());
    });
    shutdown.addTask(CoordinatedShutdown.PhaseServiceStop(), "close-interest-capture", () -> {
      try {
        capturer.close();
      } catch (Exception e) {
        log.warn("Closing the interest capture failed: {}", e.toString());
      }
      return CompletableFuture.completedFuture(Done.getInstance());
    });
  }

  private static boolean isUp(MemberStatus status) {
    return status == MemberStatus.up() || status == MemberStatus.weaklyUp();
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

  /** The feed of interest changes between this node and the others (what live recommendation sockets follow). */
  public InterestChanges interestChanges() {
    return interestChanges;
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
    schedulers.forEach(ScheduledExecutorService::shutdownNow);
    embedExecutor.shutdownNow();
  }

  /** Waits until the node has stopped (for whatever reason). */
  public void awaitTermination() throws Exception {
    system.getWhenTerminated().toCompletableFuture().get();
  }
}
