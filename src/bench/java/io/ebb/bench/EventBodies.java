package io.ebb.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Event JSON for the ingest benchmark, built from pre-encoded byte fragments: user and item ids, types and
 * contexts are encoded once, so an event costs a few array copies and one number, not a JSON library call. At
 * 20,000 events/s that keeps the generator's CPU for the service it shares the cores with.
 *
 * <p>Users and items are drawn Zipf-skewed (see {@link Zipf}); types follow a typical mix (mostly views, some
 * clicks, few purchases and ratings); no timestamp, so the server's time is used. Every event id is unique:
 * {@code <runId>-<sequence>}. Not thread-safe: one generating thread owns it.
 */
final class EventBodies {

  /** A type with its relative frequency; {@code fragment} is everything from {@code ,"type":} to before the context. */
  private record TypeShare(int share, byte[] fragment) {}

  private static final TypeShare[] TYPES = {
    type(60, "view"), type(18, "click"), type(5, "like"), type(5, "add_to_cart"), type(3, "purchase"),
    type(2, "share"), type(4, "skip"), type(1, "dislike"),
    new TypeShare(1, ascii(",\"type\":\"rate\",\"value\":4.5")),
    new TypeShare(1, ascii(",\"type\":\"rate\",\"value\":2.0")),
  };
  private static final int TYPE_TOTAL = Arrays.stream(TYPES).mapToInt(TypeShare::share).sum();
  private static final byte[][] CONTEXTS = {
    ascii(",\"context\":{\"device\":\"mobile\"}}"),
    ascii(",\"context\":{\"device\":\"mobile\",\"weather\":\"rain\"}}"),
    ascii(",\"context\":{\"device\":\"desktop\"}}"),
    ascii(",\"context\":{\"device\":\"tablet\",\"location\":\"Berlin\"}}"),
  };
  private static final byte[] OPEN = ascii("{\"eventId\":\"");
  private static final byte[] USER = ascii("\",\"userId\":\"");
  private static final byte[] ITEM = ascii("\",\"itemId\":\"");
  private static final byte[] QUOTE = ascii("\"");
  private static final byte[] BATCH_OPEN = ascii("{\"events\":[");
  private static final byte[] BATCH_CLOSE = ascii("]}");

  private final byte[] runPrefix;
  private final byte[][] userIds;
  private final byte[][] itemIds;
  private final Zipf users;
  private final Zipf items;
  private final SplittableRandom random;
  private final String runId;
  private byte[] buffer = new byte[4096];
  private int length;

  EventBodies(String runId, String[] userIds, String[] itemIds, Zipf users, Zipf items, long seed) {
    this.runId = runId;
    this.runPrefix = ascii(runId + "-");
    this.userIds = encodeAll(userIds);
    this.itemIds = encodeAll(itemIds);
    this.users = users;
    this.items = items;
    this.random = new SplittableRandom(seed);
  }

  /** The id of the event with this sequence number. */
  String eventId(long sequence) {
    return runId + "-" + sequence;
  }

  /** One event, the body of {@code POST /v1/events} and of a WebSocket frame. */
  byte[] event(long sequence) {
    length = 0;
    appendEvent(sequence);
    return Arrays.copyOf(buffer, length);
  }

  /** {@code {"events": [...]}} of {@code count} events numbered from {@code firstSequence}. */
  byte[] batch(long firstSequence, int count) {
    length = 0;
    append(BATCH_OPEN);
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        appendByte((byte) ',');
      }
      appendEvent(firstSequence + i);
    }
    append(BATCH_CLOSE);
    return Arrays.copyOf(buffer, length);
  }

  private void appendEvent(long sequence) {
    append(OPEN);
    append(runPrefix);
    appendLong(sequence);
    append(USER);
    append(userIds[users.next(random)]);
    append(ITEM);
    append(itemIds[items.next(random)]);
    append(QUOTE);
    append(nextType());
    append(CONTEXTS[random.nextInt(CONTEXTS.length)]);
  }

  private byte[] nextType() {
    int r = random.nextInt(TYPE_TOTAL);
    for (TypeShare t : TYPES) {
      r -= t.share();
      if (r < 0) {
        return t.fragment();
      }
    }
    return TYPES[0].fragment();
  }

  private void append(byte[] bytes) {
    ensure(bytes.length);
    System.arraycopy(bytes, 0, buffer, length, bytes.length);
    length += bytes.length;
  }

  private void appendByte(byte b) {
    ensure(1);
    buffer[length++] = b;
  }

  private void appendLong(long n) {
    ensure(20);
    if (n == 0) {
      buffer[length++] = '0';
      return;
    }
    int start = length;
    for (long v = n; v > 0; v /= 10) {
      buffer[length++] = (byte) ('0' + (v % 10));
    }
    for (int i = start, j = length - 1; i < j; i++, j--) {
      byte t = buffer[i];
      buffer[i] = buffer[j];
      buffer[j] = t;
    }
  }

  private void ensure(int more) {
    if (length + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + more));
    }
  }

  private static TypeShare type(int share, String wireName) {
    return new TypeShare(share, ascii(",\"type\":\"" + wireName + "\""));
  }

  private static byte[][] encodeAll(String[] ids) {
    byte[][] out = new byte[ids.length][];
    for (int i = 0; i < ids.length; i++) {
      out[i] = ascii(ids[i]);
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
