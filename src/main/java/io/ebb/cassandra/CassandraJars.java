package io.ebb.cassandra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession.CloseableSession;
import org.eclipse.aether.artifact.Artifact;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.LocalRepository;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.repository.RepositoryPolicy;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves the Cassandra server ({@code cassandra-all} and its runtime dependencies, ~100 jars, ~70 MB) into the
 * user's local Maven repository, so the embedded node needs no download of its own and no Docker.
 *
 * <p>The jars are for a separate JVM: they never join Ebb's classpath (Guava, Netty and Jackson differ).
 * Resolution tries offline first, which costs ~2 s when everything is already local, and only then goes to the
 * network (Central, or the mirror that {@code ~/.m2/settings.xml} names).
 */
public final class CassandraJars {

  public static final String CASSANDRA_VERSION = "5.0.9";
  static final String COORDINATES = "org.apache.cassandra:cassandra-all:" + CASSANDRA_VERSION;
  static final String CENTRAL_URL = "https://repo.maven.apache.org/maven2/";

  private CassandraJars() {}

  /** Resolves with the user's Maven settings; throws {@link CassandraStartException} when the jars are unreachable. */
  public static List<Path> resolve(ProgressListener progress) {
    MavenSettings settings = MavenSettings.read(MavenSettings.userSettingsFile());
    return resolve(progress, settings, localRepository(settings));
  }

  /** {@code -Dmaven.repo.local}, else {@code <localRepository>} from settings.xml, else {@code ~/.m2/repository}. */
  static Path localRepository(MavenSettings settings) {
    String explicit = System.getProperty("maven.repo.local");
    if (explicit != null && !explicit.isBlank()) {
      return Path.of(explicit).toAbsolutePath();
    }
    return settings.localRepository()
        .orElseGet(() -> Path.of(System.getProperty("user.home"), ".m2", "repository"))
        .toAbsolutePath();
  }

  static List<Path> resolve(ProgressListener progress, MavenSettings settings, Path localRepository) {
    long started = System.nanoTime();
    RepositorySystem system = new RepositorySystemSupplier().get();
    try {
      try {
        List<Path> jars = resolve(system, settings, localRepository, true, progress);
        progress.message("%d jars of Cassandra %s found in %s (%s)".formatted(
            jars.size(), CASSANDRA_VERSION, localRepository, seconds(started)));
        return jars;
      } catch (DependencyResolutionException offlineMiss) {
        String remote = settings.mirrorFor("central", CENTRAL_URL).map(MavenSettings.Mirror::url).orElse(CENTRAL_URL);
        progress.message("fetching Cassandra %s (~70 MB, once) from %s into %s".formatted(
            CASSANDRA_VERSION, remote, localRepository));
      }
      try {
        List<Path> jars = resolve(system, settings, localRepository, false, progress);
        progress.message("%d jars of Cassandra %s ready (%s)".formatted(jars.size(), CASSANDRA_VERSION,
            seconds(started)));
        return jars;
      } catch (DependencyResolutionException e) {
        throw new CassandraStartException("could not fetch Cassandra " + CASSANDRA_VERSION + "'s jars into "
            + localRepository + " (check the network, or the mirrors and proxies in " + MavenSettings.userSettingsFile()
            + "): " + e.getMessage() + rootCause(e), e);
      }
    } finally {
      system.shutdown();
    }
  }

  private static List<Path> resolve(RepositorySystem system, MavenSettings settings, Path localRepository,
      boolean offline, ProgressListener progress) throws DependencyResolutionException {
    var downloads = new DownloadProgress(progress);
    var builder = new SessionBuilderSupplier(system).get()
        // Without them a parent POM's JDK-activated profile (Guava's) cannot be evaluated.
        .setSystemProperties(System.getProperties())
        .setOffline(offline)
        .setMirrorSelector(settings.mirrorSelector())
        .setProxySelector(settings.proxySelector())
        .setAuthenticationSelector(settings.authenticationSelector())
        .setTransferListener(downloads);
    if (offline) {
      // The "simple" layout takes any jar already in the repository, whichever remote (or mirror id) brought it;
      // the default "enhanced" one would refuse jars recorded under another repository id.
      builder.withLocalRepositories(new LocalRepository(localRepository, "simple"));
    } else {
      builder.withLocalRepositoryBaseDirectories(localRepository);
    }
    try (CloseableSession session = builder.build()) {
      var collect = new CollectRequest(
          new Dependency(new DefaultArtifact(COORDINATES), "runtime"),
          system.newResolutionRepositories(session, List.of(central())));
      var request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
      List<Path> jars = system.resolveDependencies(session, request).getArtifactResults().stream()
          .map(ArtifactResult::getArtifact)
          .map(Artifact::getPath)
          .toList();
      downloads.finished();
      return jars;
    }
  }

  private static RemoteRepository central() {
    return new RemoteRepository.Builder("central", "default", CENTRAL_URL)
        .setReleasePolicy(new RepositoryPolicy(true, RepositoryPolicy.UPDATE_POLICY_NEVER,
            RepositoryPolicy.CHECKSUM_POLICY_WARN))
        .setSnapshotPolicy(new RepositoryPolicy(false, RepositoryPolicy.UPDATE_POLICY_NEVER,
            RepositoryPolicy.CHECKSUM_POLICY_WARN))
        .build();
  }

  private static String rootCause(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == e ? "" : " (" + root + ")";
  }

  private static String seconds(long startedNanos) {
    return String.format(Locale.ROOT, "%.1f s", (System.nanoTime() - startedNanos) / 1e9);
  }

  /** One line every ten jars or every few seconds, whichever comes first; downloads run on several threads. */
  private static final class DownloadProgress extends AbstractTransferListener {
    private static final long REPORT_EVERY_NANOS = Duration.ofSeconds(3).toNanos();

    private final ProgressListener progress;
    private final AtomicInteger jars = new AtomicInteger();
    private final AtomicInteger files = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastReport = new AtomicLong(System.nanoTime());

    DownloadProgress(ProgressListener progress) {
      this.progress = progress;
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
      if (event.getRequestType() != TransferEvent.RequestType.GET) {
        return;
      }
      String name = event.getResource().getResourceName();
      if (!name.endsWith(".jar") && !name.endsWith(".pom")) {
        return; // checksums and metadata
      }
      files.incrementAndGet();
      long total = bytes.addAndGet(event.getTransferredBytes());
      int jarCount = name.endsWith(".jar") ? jars.incrementAndGet() : jars.get();
      long now = System.nanoTime();
      long last = lastReport.get();
      boolean tenMore = name.endsWith(".jar") && jarCount % 10 == 0;
      if ((tenMore || now - last > REPORT_EVERY_NANOS) && lastReport.compareAndSet(last, now)) {
        progress.message("downloaded %d jars and %d POMs, %s so far".formatted(jarCount, files.get() - jarCount,
            megabytes(total)));
      }
    }

    void finished() {
      if (files.get() > 0) {
        progress.message("downloaded %d jars and %d POMs, %s".formatted(
            jars.get(), files.get() - jars.get(), megabytes(bytes.get())));
      }
    }

    private static String megabytes(long bytes) {
      return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
    }
  }
}
