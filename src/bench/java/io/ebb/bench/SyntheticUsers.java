package io.ebb.bench;

import io.ebb.interest.EventType;
import io.ebb.interest.TagWeight;
import io.ebb.user.RecentEvent;
import io.ebb.user.UserInterests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Users as the recommender receives them from their entities: an interest vector mixing one to three topics, the
 * items they consumed (from those topics, so the exclusion takes items the index would otherwise return), and
 * their latest events (the reasons are computed from them).
 */
final class SyntheticUsers {

  private static final int RECENT = 10;

  private final List<UserInterests> users;

  private SyntheticUsers(List<UserInterests> users) {
    this.users = users;
  }

  static SyntheticUsers generate(SyntheticCatalog catalog, int count, int consumedPerUser, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    SyntheticVectors vectors = catalog.vectors();
    Instant now = Instant.now();
    List<UserInterests> users = new ArrayList<>(count);
    for (int u = 0; u < count; u++) {
      int[] topics = new int[1 + random.nextInt(3)];
      for (int t = 0; t < topics.length; t++) {
        topics[t] = random.nextInt(vectors.topics());
      }
      float[] query = vectors.interest(random, topics);
      Set<String> consumed = new LinkedHashSet<>();
      for (int attempt = 0; consumed.size() < consumedPerUser && attempt < consumedPerUser * 4; attempt++) {
        int[] items = catalog.itemsOfTopic(topics[random.nextInt(topics.length)]);
        if (items.length > 0) {
          consumed.add(SyntheticCatalog.id(items[random.nextInt(items.length)]));
        }
      }
      List<String> consumedList = List.copyOf(consumed);
      List<RecentEvent> recent = new ArrayList<>();
      for (int i = Math.max(0, consumedList.size() - RECENT); i < consumedList.size(); i++) {
        long at = now.toEpochMilli() - (consumedList.size() - i) * 600_000L;
        recent.add(new RecentEvent(consumedList.get(i), EventType.VIEW, at, 1.0));
      }
      List<TagWeight> tags = new ArrayList<>();
      for (int topic : topics) {
        tags.add(new TagWeight("topic-" + topic, 1.0));
      }
      users.add(new UserInterests(
          "user-" + u, true, consumedList.size(), now, now, query, tags, List.of(), consumedList, recent, 1,
          List.of(), null, new float[0], Map.of()));
    }
    return new SyntheticUsers(users);
  }

  int size() {
    return users.size();
  }

  UserInterests get(long sequence) {
    return users.get((int) (sequence % users.size()));
  }
}
