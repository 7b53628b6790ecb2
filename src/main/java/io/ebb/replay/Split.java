package io.ebb.replay;

import io.ebb.interest.EventType;
import io.ebb.rank.Place;
import io.ebb.rank.Recency;
import io.ebb.rank.Relevance;
import io.ebb.replay.data.Dataset;
import io.ebb.replay.data.DatasetItem;
import io.ebb.replay.data.Interaction;
import io.ebb.replay.data.Ordering;
import io.ebb.replay.data.RecordedCapture;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A dataset prepared for evaluation under a {@link Protocol}: the {@value #CORE}-core filtered events as per-user
 * sequences over dense item indices, the validation and test targets, the training events (everything that
 * may be learned from), and the stated-interest captures a journal recorded for those users. Immutable after
 * construction.
 */
public final class Split {

  /** The k of the iterative k-core filter. */
  public static final int CORE = 5;

  /** See {@link Ordering#ID_ORDER}. */
  public static final Comparator<String> ID_ORDER = Ordering.ID_ORDER;

  /** See {@link Ordering#EVENT_ORDER}. */
  public static final Comparator<Interaction> EVENT_ORDER = Ordering.EVENT_ORDER;

  /**
   * One user's events in protocol order.
   *
   * @param values the rating value per event, {@code NaN} where there is none
   * @param places where the user was at each event ({@code context.lat}/{@code lon}), {@code null} where the event
   *     does not say
   * @param zones each event's {@code context.tz}, {@code null} where the event does not say
   * @param latestZones after each event, the {@code context.tz} of the user's latest event with any context
   *     ({@code null} when it had no {@code tz}): the zone the service gives a query that names none
   */
  public record UserEvents(
      String userId, int[] items, long[] times, EventType[] types, double[] values, Place[] places,
      String[] zones, String[] latestZones) {

    public int size() {
      return items.length;
    }

    public Double value(int i) {
      return Double.isNaN(values[i]) ? null : values[i];
    }
  }

  /**
   * A target: user {@code user}'s event at {@code position}, predicted from that user's events before it.
   *
   * @param index the target's position in its list ({@link #validation()} or {@link #test()})
   */
  public record Target(int index, int user, int position, int item, long epochMilli) {}

  /** Sizes before and after filtering. */
  public record Stats(
      int usersBefore, int itemsBefore, int eventsBefore, int users, int items, int events, int trainingEvents) {}

  private final Protocol protocol;
  private final String datasetName;
  private final List<DatasetItem> items;
  private final Map<String, Integer> itemIndex;
  private final List<UserEvents> users;
  private final List<Target> validation;
  private final List<Target> test;
  private final List<Interaction> training;
  private final List<List<RecordedCapture>> captures;
  private final int[] trainingCounts;
  private final Place[] itemPlaces;
  private final Stats stats;

  private Split(
      Protocol protocol,
      String datasetName,
      List<DatasetItem> items,
      Map<String, Integer> itemIndex,
      List<UserEvents> users,
      List<Target> validation,
      List<Target> test,
      List<Interaction> training,
      List<List<RecordedCapture>> captures,
      Stats stats) {
    this.protocol = protocol;
    this.datasetName = datasetName;
    this.items = List.copyOf(items);
    this.itemIndex = Map.copyOf(itemIndex);
    this.users = List.copyOf(users);
    this.validation = List.copyOf(validation);
    this.test = List.copyOf(test);
    this.training = List.copyOf(training);
    this.captures = captures.stream().map(List::copyOf).toList();
    this.trainingCounts = new int[items.size()];
    for (Interaction e : training) {
      trainingCounts[itemIndex.get(e.itemId())]++;
    }
    this.itemPlaces = new Place[items.size()];
    for (int i = 0; i < itemPlaces.length; i++) {
      itemPlaces[i] = Place.of(this.items.get(i).attributes());
    }
    this.stats = stats;
  }

  public static Split of(Dataset dataset, Protocol protocol) {
    List<Interaction> kept = coreFilter(dataset.interactions(), CORE);
    Map<String, List<Interaction>> byUser = new TreeMap<>(ID_ORDER);
    for (Interaction e : kept) {
      byUser.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(e);
    }
    byUser.values().forEach(list -> list.sort(EVENT_ORDER));

    Map<String, DatasetItem> byId = new HashMap<>();
    dataset.items().forEach(i -> byId.putIfAbsent(i.itemId(), i));
    List<String> ids = kept.stream().map(Interaction::itemId).distinct().sorted(ID_ORDER).toList();
    Map<String, Integer> index = new LinkedHashMap<>();
    List<DatasetItem> items = new ArrayList<>(ids.size());
    for (String id : ids) {
      index.put(id, items.size());
      DatasetItem item = byId.get(id);
      items.add(item != null ? item : new DatasetItem(id, id, "", List.of()));
    }

    List<UserEvents> users = new ArrayList<>(byUser.size());
    byUser.forEach((user, list) -> users.add(toUserEvents(user, list, index)));

    List<Target> validation = new ArrayList<>();
    List<Target> test = new ArrayList<>();
    List<Interaction> training = new ArrayList<>();
    if (protocol == Protocol.LOO) {
      for (int u = 0; u < users.size(); u++) {
        UserEvents ue = users.get(u);
        int n = ue.size();
        validation.add(new Target(validation.size(), u, n - 2, ue.items()[n - 2], ue.times()[n - 2]));
        test.add(new Target(test.size(), u, n - 1, ue.items()[n - 1], ue.times()[n - 1]));
        List<Interaction> list = byUser.get(ue.userId());
        training.addAll(list.subList(0, n - 2));
      }
    } else {
      long[] times = kept.stream().mapToLong(Interaction::epochMilli).sorted().toArray();
      long validationCut = times.length == 0 ? 0 : times[(int) Math.min(times.length - 1,
          Math.floor(times.length * Protocol.TIMESPLIT_VALIDATION_CUT))];
      long testCut = times.length == 0 ? 0 : times[(int) Math.min(times.length - 1,
          Math.floor(times.length * Protocol.TIMESPLIT_TEST_CUT))];
      int perUser = Protocol.TIMESPLIT_TARGETS_PER_USER;
      for (int u = 0; u < users.size(); u++) {
        UserEvents ue = users.get(u);
        List<Interaction> list = byUser.get(ue.userId());
        int firstAfterValidation = firstAtOrAfter(ue.times(), validationCut);
        int firstAfterTest = firstAtOrAfter(ue.times(), testCut);
        // targets need an earlier event of the user to be predicted from: position 0 never is one
        int from = Math.max(1, firstAfterValidation);
        for (int p = from; p < Math.min(firstAfterTest, from + perUser); p++) {
          validation.add(new Target(validation.size(), u, p, ue.items()[p], ue.times()[p]));
        }
        from = Math.max(1, firstAfterTest);
        for (int p = from; p < Math.min(ue.size(), from + perUser); p++) {
          test.add(new Target(test.size(), u, p, ue.items()[p], ue.times()[p]));
        }
        training.addAll(list.subList(0, firstAfterValidation));
      }
    }
    int usersBefore = (int) dataset.interactions().stream().map(Interaction::userId).distinct().count();
    int itemsBefore = (int) dataset.interactions().stream().map(Interaction::itemId).distinct().count();
    Stats stats = new Stats(
        usersBefore, itemsBefore, dataset.interactions().size(), users.size(), items.size(), kept.size(),
        training.size());
    return new Split(
        protocol, dataset.name(), items, index, users, validation, test, training, capturesByUser(dataset, users),
        stats);
  }

  /** Each kept user's recorded captures, in time order (recorded order on a tie); those of dropped users go. */
  private static List<List<RecordedCapture>> capturesByUser(Dataset dataset, List<UserEvents> users) {
    Map<String, Integer> userIndex = new HashMap<>();
    for (int u = 0; u < users.size(); u++) {
      userIndex.put(users.get(u).userId(), u);
    }
    List<List<RecordedCapture>> byUser = new ArrayList<>(users.size());
    users.forEach(u -> byUser.add(new ArrayList<>()));
    for (RecordedCapture c : dataset.captures()) {
      Integer u = userIndex.get(c.userId());
      if (u != null) {
        byUser.get(u).add(c);
      }
    }
    byUser.forEach(list -> list.sort(Comparator.comparingLong(RecordedCapture::epochMilli)));
    return byUser;
  }

  private static int firstAtOrAfter(long[] sortedTimes, long cut) {
    int i = 0;
    while (i < sortedTimes.length && sortedTimes[i] < cut) {
      i++;
    }
    return i;
  }

  private static UserEvents toUserEvents(String user, List<Interaction> list, Map<String, Integer> index) {
    int n = list.size();
    int[] items = new int[n];
    long[] times = new long[n];
    EventType[] types = new EventType[n];
    double[] values = new double[n];
    Place[] places = new Place[n];
    String[] zones = new String[n];
    String[] latestZones = new String[n];
    for (int i = 0; i < n; i++) {
      Interaction e = list.get(i);
      Object tz = e.context().get("tz");
      zones[i] = tz == null ? null : tz.toString();
      latestZones[i] = !e.context().isEmpty() ? zones[i] : i == 0 ? null : latestZones[i - 1];
      items[i] = index.get(e.itemId());
      times[i] = e.epochMilli();
      types[i] = e.type();
      values[i] = e.value() == null ? Double.NaN : e.value();
      places[i] = e.context().isEmpty() ? null : Place.of(e.context());
    }
    return new UserEvents(user, items, times, types, values, places, zones, latestZones);
  }

  /**
   * The iterative k-core: drops the events of users and of items with fewer than {@code k} events, again and
   * again until every user and item left has at least {@code k}. Keeps the input order.
   */
  public static List<Interaction> coreFilter(List<Interaction> events, int k) {
    List<Interaction> current = events;
    while (true) {
      Map<String, Integer> perUser = new HashMap<>();
      Map<String, Integer> perItem = new HashMap<>();
      for (Interaction e : current) {
        perUser.merge(e.userId(), 1, Integer::sum);
        perItem.merge(e.itemId(), 1, Integer::sum);
      }
      List<Interaction> next = new ArrayList<>(current.size());
      for (Interaction e : current) {
        if (perUser.get(e.userId()) >= k && perItem.get(e.itemId()) >= k) {
          next.add(e);
        }
      }
      if (next.size() == current.size()) {
        return List.copyOf(next);
      }
      current = next;
    }
  }

  /**
   * Per target, the popularity prior of every item as the service would have it at the target's timestamp:
   * {@link Relevance#prior} of the count of all events (of every user) strictly before that instant.
   */
  public float[][] priors(List<Target> targets) {
    int n = items.size();
    long[] times = eventTimes();
    int[] itemsOf = eventItems();
    Integer[] order = byTime(times);
    Integer[] byTime = targetsByTime(targets);
    float[][] priors = new float[targets.size()][];
    int[] counts = new int[n];
    int max = 0;
    int next = 0;
    for (int t : byTime) {
      Target target = targets.get(t);
      while (next < order.length && times[order[next]] < target.epochMilli()) {
        max = Math.max(max, ++counts[itemsOf[order[next]]]);
        next++;
      }
      float[] p = new float[n];
      for (int j = 0; j < n; j++) {
        p[j] = (float) Relevance.prior(counts[j], max);
      }
      priors[t] = p;
    }
    return priors;
  }

  /**
   * Per target, the recent popularity prior of every item as the service would have it at the target's timestamp:
   * {@link Relevance#recentPrior} of the {@link Recency recent count} of all events (of every user) strictly before
   * that instant, counted in the service's units and landmarks and summed oldest landmark first, as
   * {@link io.ebb.rank.Popularity} sums them.
   */
  public float[][] recentPriors(List<Target> targets, Recency recency) {
    int n = items.size();
    long[] times = eventTimes();
    int[] itemsOf = eventItems();
    Integer[] order = byTime(times);
    float[][] priors = new float[targets.size()][];
    TreeMap<Long, long[]> unitsByLandmark = new TreeMap<>();
    int next = 0;
    for (int t : targetsByTime(targets)) {
      long at = targets.get(t).epochMilli();
      while (next < order.length && times[order[next]] < at) {
        long eventAt = times[order[next]];
        unitsByLandmark.computeIfAbsent(recency.landmarkOf(eventAt), l -> new long[n])[itemsOf[order[next]]] +=
            recency.units(eventAt);
        next++;
      }
      unitsByLandmark.headMap(recency.oldestLandmark(at)).clear();
      double[] count = new double[n];
      for (Map.Entry<Long, long[]> landmark : unitsByLandmark.entrySet()) {
        double fade = recency.fade(landmark.getKey(), at);
        long[] units = landmark.getValue();
        for (int j = 0; j < n; j++) {
          count[j] += Recency.count(units[j], fade);
        }
      }
      double max = Arrays.stream(count).max().orElse(0);
      float[] p = new float[n];
      for (int j = 0; j < n; j++) {
        p[j] = (float) Relevance.recentPrior(count[j], max);
      }
      priors[t] = p;
    }
    return priors;
  }

  /** Every event's timestamp, user by user in order. */
  private long[] eventTimes() {
    return users.stream().flatMapToLong(u -> Arrays.stream(u.times())).toArray();
  }

  /** Every event's item, in the order of {@link #eventTimes}. */
  private int[] eventItems() {
    return users.stream().flatMapToInt(u -> Arrays.stream(u.items())).toArray();
  }

  /** Indexes into {@code times}, earliest first. */
  private static Integer[] byTime(long[] times) {
    Integer[] order = new Integer[times.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> times[i]));
    return order;
  }

  /** Indexes into {@code targets}, earliest first. */
  private static Integer[] targetsByTime(List<Target> targets) {
    Integer[] byTime = new Integer[targets.size()];
    for (int i = 0; i < byTime.length; i++) {
      byTime[i] = i;
    }
    Arrays.sort(byTime, Comparator.comparingLong(i -> targets.get(i).epochMilli()));
    return byTime;
  }

  /** The items {@code target}'s user consumed before it: excluded from its ranking. */
  public BitSet consumedBefore(Target target) {
    UserEvents u = users.get(target.user());
    BitSet seen = new BitSet(items.size());
    for (int i = 0; i < target.position(); i++) {
      seen.set(u.items()[i]);
    }
    return seen;
  }

  /** Where item {@code item} is ({@code attributes.lat}/{@code lon}), or {@code null}. */
  public Place itemPlace(int item) {
    return itemPlaces[item];
  }

  /**
   * Where {@code target}'s user was before it, which is what a query at the target's instant would say: the
   * position of the user's previous event, or, where that event gave none, the place of its item; {@code null} when
   * neither is known. Never the target's own position: that would tell where the target is.
   */
  public Place placeBefore(Target target) {
    if (target.position() == 0) {
      return null;
    }
    UserEvents u = users.get(target.user());
    Place at = u.places()[target.position() - 1];
    return at != null ? at : itemPlaces[u.items()[target.position() - 1]];
  }

  /**
   * The zone a query for {@code target} is asked in, as the service sees it when the query names none: the
   * {@code context.tz} of the user's latest event with any context before the target ({@code null}: none, the
   * default zone). Never the target's own.
   */
  public String zoneBefore(Target target) {
    return target.position() == 0 ? null : users.get(target.user()).latestZones()[target.position() - 1];
  }

  /** True when some items have a place: only then can a place prior change a ranking. */
  public boolean hasPlaces() {
    for (Place p : itemPlaces) {
      if (p != null) {
        return true;
      }
    }
    return false;
  }

  /** True when no training event names the item: it has no collaborative vector, only text. */
  public boolean isCold(int item) {
    return trainingCounts[item] == 0;
  }

  public int trainingCount(int item) {
    return trainingCounts[item];
  }

  public Protocol protocol() {
    return protocol;
  }

  public String datasetName() {
    return datasetName;
  }

  public int itemCount() {
    return items.size();
  }

  /** The candidate items, by index. */
  public List<DatasetItem> items() {
    return items;
  }

  public String itemId(int index) {
    return items.get(index).itemId();
  }

  /** The index of an item that survived the filter, or -1. */
  public int indexOf(String itemId) {
    return itemIndex.getOrDefault(itemId, -1);
  }

  public List<UserEvents> users() {
    return users;
  }

  public List<Target> validation() {
    return validation;
  }

  public List<Target> test() {
    return test;
  }

  /** Every event that is not a validation or test target (timesplit: and before the validation cut). */
  public List<Interaction> training() {
    return training;
  }

  /** User {@code user}'s recorded captures in time order; empty for datasets read from files. */
  public List<RecordedCapture> recordedCaptures(int user) {
    return captures.get(user);
  }

  /** How many recorded captures the kept users have. */
  public int recordedCaptureCount() {
    return captures.stream().mapToInt(List::size).sum();
  }

  public Stats stats() {
    return stats;
  }
}
