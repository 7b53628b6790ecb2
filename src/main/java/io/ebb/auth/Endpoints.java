package io.ebb.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The scope each endpoint needs, from the method and the path alone, in one table. The first rule that matches
 * decides; a request no rule matches needs {@code admin}, so that an endpoint added later is closed until it is
 * listed here.
 */
public final class Endpoints {

  /** {@code method} "*" matches any; in {@code path}, "*" matches one segment and a last "**" any number. */
  private record Rule(String method, List<String> path, Optional<Scope> needs) {

    boolean matches(String requestMethod, List<String> segments) {
      if (!method.equals("*") && !method.equals(requestMethod)) {
        return false;
      }
      for (int i = 0; i < path.size(); i++) {
        String part = path.get(i);
        if (part.equals("**")) {
          return true;
        }
        if (i >= segments.size() || !(part.equals("*") || part.equals(segments.get(i)))) {
          return false;
        }
      }
      return segments.size() == path.size();
    }
  }

  private static final List<Rule> RULES =
      List.of(
          open("/health/**"),
          // The console's files hold no data: the requests and sockets it opens carry a key.
          open("/console/**"),
          rule(Scope.ADMIN, "GET", "/metrics"),
          rule(Scope.WRITE, "GET", "/ws/v1/events"),
          rule(Scope.READ, "GET", "/ws/v1/users/*/recommendations"),
          rule(Scope.WRITE, "POST", "/v1/events"),
          rule(Scope.WRITE, "POST", "/v1/events/batch"),
          rule(Scope.ADMIN, "*", "/v1/settings/**"),
          // The console's catalog, tuning and cluster pages: no user's data, what a read key may see.
          rule(Scope.READ, "GET", "/v1/items"),
          rule(Scope.READ, "GET", "/v1/model"),
          rule(Scope.READ, "GET", "/v1/cluster"),
          rule(Scope.READ, "GET", "/v1/**"));

  private Endpoints() {}

  /**
   * The scope a request needs, or empty when the endpoint is open to everyone. {@code segments} are the decoded
   * path segments, as the routes match them; HEAD is answered as GET, so it needs what GET needs.
   */
  public static Optional<Scope> needed(String method, List<String> segments) {
    String m = method.equals("HEAD") ? "GET" : method;
    for (Rule rule : RULES) {
      if (rule.matches(m, segments)) {
        return rule.needs();
      }
    }
    return Optional.of(Scope.ADMIN);
  }

  private static Rule open(String path) {
    return new Rule("*", segments(path), Optional.empty());
  }

  private static Rule rule(Scope needs, String method, String path) {
    return new Rule(method, segments(path), Optional.of(needs));
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }
}
