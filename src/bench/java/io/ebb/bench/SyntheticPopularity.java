package io.ebb.bench;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import io.ebb.rank.Popularity;
import io.ebb.rank.Recency;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;

/**
 * A {@link Popularity} with no counts, for the recommender of a catalog without Cassandra: every prior is 0 and
 * the popular list is empty, so ranking is by inner product alone (as for a catalog nobody has used yet); its
 * recent counts (any half-life: there are none) are 0 too.
 *
 * <p>{@code Popularity} needs a session only to prepare its counter update, which the benchmark never runs; the
 * session here is a stand-in that prepares a statement nobody may execute and refuses everything else.
 */
final class SyntheticPopularity {

  private SyntheticPopularity() {}

  static Popularity none() {
    ClassLoader loader = SyntheticPopularity.class.getClassLoader();
    PreparedStatement neverRun = (PreparedStatement) Proxy.newProxyInstance(
        loader, new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> refuse(method.getName()));
    CqlSession session = (CqlSession) Proxy.newProxyInstance(
        loader, new Class<?>[] {CqlSession.class}, (proxy, method, args) -> switch (method.getName()) {
          case "prepare" -> neverRun;
          case "toString" -> "no Cassandra (bench query)";
          case "hashCode" -> System.identityHashCode(proxy);
          case "equals" -> proxy == args[0];
          default -> refuse(method.getName());
        });
    return new Popularity(session, new Recency(Duration.ofDays(3)), Clock.systemUTC());
  }

  private static Object refuse(String method) {
    throw new UnsupportedOperationException("bench query runs without Cassandra; " + method + " is not available");
  }
}
