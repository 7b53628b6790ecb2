package io.ebb.rank;

import java.time.Instant;
import java.util.List;

/** The answer to a recommendation query (the body of {@code GET /v1/users/{id}/recommendations}). */
public record Recommendations(String userId, List<Recommendation> items, Instant generatedAt) {}
