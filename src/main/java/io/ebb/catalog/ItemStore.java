package io.ebb.catalog;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DriverTimeoutException;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.servererrors.WriteTimeoutException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Items and their vectors in {@code ebb.items}, shared by every node. Statements are prepared once; writes
 * and point reads are asynchronous.
 *
 * <p>A write sets every column but {@code cf_vector}, so re-storing an item keeps the behaviour-learned
 * vector the tuner wrote. Vectors are little-endian float32 blobs ({@link Vectors}); attributes are JSON.
 */
public final class ItemStore implements CatalogStore {

  /** Rows per page when reading the whole table. */
  public static final int PAGE_SIZE = 500;
  /** Attempts of an item write that times out (see {@link #withRetries}). */
  static final int WRITE_ATTEMPTS = 4;
  /** Writes (or reads) of one {@link #upsertAll} in flight at once. */
  public static final int MAX_IN_FLIGHT = 32;

  private static final Logger log = LoggerFactory.getLogger(ItemStore.class);
  private static final TypeReference<LinkedHashMap<String, Object>> ATTRIBUTES = new TypeReference<>() {};
  private static final String COLUMNS =
      "item_id, title, description, tags, attributes, text_vector, cf_vector, embedding_model, updated_at";

  private final CqlSession session;
  private final ObjectMapper json;
  private final PreparedStatement insert;
  private final PreparedStatement selectOne;
  private final PreparedStatement selectAll;
  private final PreparedStatement updateCf;

  /** Prepares the statements, so the session must be connected and {@code ebb.items} must exist. */
  public ItemStore(CqlSession session, ObjectMapper json) {
    this.session = Objects.requireNonNull(session, "session");
    this.json = Objects.requireNonNull(json, "json");
    this.insert = session.prepare(
        "INSERT INTO ebb.items (item_id, title, description, tags, attributes, text_vector, embedding_model,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    this.selectOne = session.prepare("SELECT " + COLUMNS + " FROM ebb.items WHERE item_id = ?");
    this.selectAll = session.prepare("SELECT " + COLUMNS + " FROM ebb.items");
    // IF EXISTS: a vector for an item deleted meanwhile must not create a row without an item.
    this.updateCf = session.prepare("UPDATE ebb.items SET cf_vector = ? WHERE item_id = ? IF EXISTS");
  }

  /** Stores an item's behaviour-learned vector (the tuner's output); null removes it. */
  public CompletionStage<Void> updateCfVector(String itemId, float[] cfVector) {
    // Written again after a timeout like an item (see withRetries): setting the same vector twice is harmless.
    var statement = updateCf.bind(cfVector == null ? null : Vectors.toBlob(cfVector), itemId).setIdempotent(true);
    return withRetries(() -> session.executeAsync(statement).thenApply(rs -> null), WRITE_ATTEMPTS);
  }

  /** Stores the item with its text vector, made by {@code model}; its {@code cf_vector} is left as it was. */
  public CompletionStage<Void> upsert(Item item, float[] textVector, String model) {
    return upsert(new EmbeddedItem(item, textVector, model));
  }

  public CompletionStage<Void> upsert(EmbeddedItem embedded) {
    Item item = embedded.item();
    String attributes;
    try {
      attributes = json.writeValueAsString(item.attributes());
    } catch (JsonProcessingException e) {
      return failed(new IllegalArgumentException("attributes of item " + item.itemId() + " are not JSON", e));
    }
    var statement = insert.bind(
            item.itemId(),
            item.title(),
            item.description(),
            item.tags(),
            attributes,
            Vectors.toBlob(embedded.textVector()),
            embedded.embeddingModel(),
            item.updatedAt())
        .setIdempotent(true);
    return withRetries(() -> session.executeAsync(statement).thenApply(rs -> null), WRITE_ATTEMPTS);
  }

  /**
   * Runs an idempotent write, again after a timeout (up to {@code attempts} in all, 250 ms, then 500 ms … apart):
   * a busy node that does not acknowledge a write within its timeout usually takes the same write a moment later,
   * and the driver's default policy retries no timed-out simple write (a bulk upsert of 10,000 items failed so).
   */
  static CompletionStage<Void> withRetries(Supplier<CompletionStage<Void>> write, int attempts) {
    return write.get().handle((ok, failure) -> {
      Throwable cause = failure instanceof CompletionException && failure.getCause() != null
          ? failure.getCause() : failure;
      if (cause == null) {
        return CompletableFuture.<Void>completedFuture(null);
      }
      if (attempts <= 1 || !(cause instanceof WriteTimeoutException || cause instanceof DriverTimeoutException)) {
        return ItemStore.<Void>failed(cause);
      }
      long pauseMillis = 250L << (WRITE_ATTEMPTS - attempts);
      log.debug("Item write timed out ({}); again in {} ms", cause.getMessage(), pauseMillis);
      return CompletableFuture.supplyAsync(() -> null,
              CompletableFuture.delayedExecutor(pauseMillis, TimeUnit.MILLISECONDS))
          .thenCompose(x -> withRetries(write, attempts - 1));
    }).thenCompose(stage -> stage);
  }

  /**
   * Stores every item, {@value #MAX_IN_FLIGHT} writes at a time. Not a batch: a logged batch over many
   * partitions costs the coordinator more than the writes themselves, and each write is idempotent anyway.
   * On failure, some items may have been stored; storing them all again is safe.
   */
  @Override
  public CompletionStage<Void> upsertAll(List<EmbeddedItem> items) {
    return BoundedAsync.map(items, MAX_IN_FLIGHT, this::upsert).thenApply(done -> null);
  }

  @Override
  public CompletionStage<Optional<StoredItem>> get(String itemId) {
    return session
        .executeAsync(selectOne.bind(itemId))
        .thenApply(rs -> Optional.ofNullable(rs.one()).map(this::toStoredItem));
  }

  /**
   * Hands every stored item to {@code action}, reading {@value #PAGE_SIZE} rows per page. Blocking: call it
   * from a thread that may wait (not a driver thread). A row that is not a valid item (e.g. one the tuner
   * created with a vector only) is skipped with a warning rather than failing the whole scan.
   */
  @Override
  public void forEach(Consumer<StoredItem> action) {
    for (Row row : session.execute(selectAll.bind().setPageSize(PAGE_SIZE))) {
      StoredItem stored;
      try {
        stored = toStoredItem(row);
      } catch (RuntimeException e) {
        log.warn("Skipping item row {}: {}", row.getString("item_id"), e.toString());
        continue;
      }
      action.accept(stored);
    }
  }

  private StoredItem toStoredItem(Row row) {
    Item item = new Item(
        row.getString("item_id"),
        row.getString("title"),
        row.getString("description"),
        row.getList("tags", String.class),
        attributes(row.getString("attributes")),
        row.getInstant("updated_at"));
    return new StoredItem(
        item,
        Vectors.fromBlob(row.getByteBuffer("text_vector")),
        Vectors.fromBlob(row.getByteBuffer("cf_vector")),
        row.getString("embedding_model"));
  }

  private Map<String, Object> attributes(String text) {
    if (text == null || text.isBlank()) {
      return Map.of();
    }
    try {
      Map<String, Object> map = json.readValue(text, ATTRIBUTES);
      return map == null ? Map.of() : map;
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("attributes are not a JSON object: " + text, e);
    }
  }

  private static <T> CompletionStage<T> failed(Throwable error) {
    return CompletableFuture.failedFuture(error);
  }
}
