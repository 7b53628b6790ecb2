package io.ebb.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.ebb.CborSerializable;
import java.time.Instant;
import java.util.List;

/**
 * The answer to a recommendation query (the body of {@code GET /v1/users/{id}/recommendations}, and what the
 * user's entity replies to {@link UserCommand.Recommend}); {@code at} is there only when the query asked for an
 * instant ({@code at=}).
 */
public record Recommendations(
    String userId, List<Recommendation> items, Instant generatedAt,
    @JsonInclude(JsonInclude.Include.NON_NULL) Instant at) implements CborSerializable {}
