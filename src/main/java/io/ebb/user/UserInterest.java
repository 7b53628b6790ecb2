package io.ebb.user;

import io.ebb.interest.InterestSettings;
import io.ebb.user.UserCommand.BatchRecorded;
import io.ebb.user.UserCommand.CaptureAnswered;
import io.ebb.user.UserCommand.Forget;
import io.ebb.user.UserCommand.ForgetCompleted;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserCommand.Recommend;
import io.ebb.user.UserCommand.RecordBatch;
import io.ebb.user.UserCommand.RecordBehavior;
import io.ebb.user.UserCommand.Recorded;
import io.ebb.user.UserCommand.Tick;
import io.ebb.user.UserEvent.BehaviorRecorded;
import io.ebb.user.UserEvent.InterestsCaptured;
import io.ebb.user.UserEvent.UserForgotten;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.sharding.typed.javadsl.ClusterSharding;
import org.apache.pekko.cluster.sharding.typed.javadsl.Entity;
import org.apache.pekko.cluster.sharding.typed.javadsl.EntityTypeKey;
import org.apache.pekko.pattern.StatusReply;
import org.apache.pekko.persistence.cassandra.cleanup.Cleanup;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.SnapshotSelectionCriteria;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReply;
import org.apache.pekko.persistence.typed.javadsl.CommandHandlerWithReplyBuilderByState;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehaviorWithEnforcedReplies;
import org.apache.pekko.persistence.typed.javadsl.Recovery;
import org.apache.pekko.persistence.typed.javadsl.ReplyEffect;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;
import scala.jdk.javaapi.FutureConverters;

/**
 * One user as a persistent, sharded entity. Its journal holds the user's behaviour; its state is the decayed
 * interest fold over that journal ({@link UserState}). A behaviour event is acknowledged only after it is persisted.
 *
 * <p>Forgetting journals {@link UserForgotten} (the state resets at once), then deletes the user's events and
 * snapshots while stashing any other command, then stops, so the next command starts from an empty journal.
 */
public final class UserInterest
    extends EventSourcedBehaviorWithEnforcedReplies<UserCommand, UserEvent, UserState> {

  public static final EntityTypeKey<UserCommand> ENTITY_KEY =
      EntityTypeKey.create(UserCommand.class, "UserInterest");

  /** Top tags a user's profile shows and a capture of stated interests reads (offline replays mirror it). */
  public static final int PROFILE_TAGS = 20;

  /**
   * What every entity of a node shares: settings, the item lookup, the clock, the journal cleanup tool.
   * {@code interestSettings} is the active setting (its version changes when a tuned setting is applied),
   * {@code settingsOfVersion} any earlier one (to read a state recovered from an older snapshot), and
   * {@code settingsActivatedAt} when the active one became active: older snapshots are skipped on recovery.
   * {@code recommending} ranks the catalog for a user's view on the entity's own node.
   */
  public record Dependencies(
      UserSettings settings,
      Supplier<InterestSettings> interestSettings,
      IntFunction<InterestSettings> settingsOfVersion,
      Supplier<Instant> settingsActivatedAt,
      ItemLookup items,
      Clock clock,
      Forgetter forgetter,
      ChangeListener listener,
      UserMetrics metrics,
      InterestCapture capture,
      Redelivery redelivery,
      Consumption consumption,
      Recommending recommending) {

    /** With fixed interest settings: no tuned setting is ever applied (tests, tools). */
    public Dependencies(
        UserSettings settings,
        Supplier<InterestSettings> interestSettings,
        ItemLookup items,
        Clock clock,
        Forgetter forgetter) {
      this(
          settings,
          interestSettings,
          version -> interestSettings.get(),
          () -> Instant.EPOCH,
          items,
          clock,
          forgetter,
          ChangeListener.NONE,
          UserMetrics.NONE,
          InterestCapture.NONE,
          Redelivery.NONE,
          Consumption.NONE,
          Recommending.NONE);
    }

    /** These dependencies with {@code redelivery} handing commands on (sharding's). */
    public Dependencies withRedelivery(Redelivery redelivery) {
      return new Dependencies(settings, interestSettings, settingsOfVersion, settingsActivatedAt, items, clock,
          forgetter, listener, metrics, capture, redelivery, consumption, recommending);
    }

    /** These dependencies with {@code capture} of stated interests. */
    public Dependencies withCapture(InterestCapture capture) {
      return new Dependencies(settings, interestSettings, settingsOfVersion, settingsActivatedAt, items, clock,
          forgetter, listener, metrics, capture, redelivery, consumption, recommending);
    }

    /** These dependencies with {@code recommending} answering {@link Recommend}. */
    public Dependencies withRecommending(Recommending recommending) {
      return new Dependencies(settings, interestSettings, settingsOfVersion, settingsActivatedAt, items, clock,
          forgetter, listener, metrics, capture, redelivery, consumption, recommending);
    }
  }

  /**
   * Hands a command to the user's next incarnation: an entity that must be rebuilt (another serving model became
   * active) passes on what it receives instead of answering under the old model. Sharded, that is a send through the
   * shard region, which holds it until the passivating entity has stopped and then starts the next one.
   */
  @FunctionalInterface
  public interface Redelivery {
    /** Outside sharding (tests, tools): nothing to hand over to, so commands are answered as they come. */
    Redelivery NONE = null;

    void redeliver(String userId, UserCommand command);
  }

  /**
   * Told, after the journal write, of each newly accepted behaviour event's item and its own time (not when it
   * arrived): popularity counts it, recent popularity by when it happened, as the replay does.
   */
  @FunctionalInterface
  public interface Consumption {
    Consumption NONE = (itemId, at) -> {};

    void consumed(String itemId, Instant at);
  }

  /**
   * Told, on the entity's thread and after the journal write, that a user's interests changed: new events were
   * persisted, the user was forgotten, or a tick re-materialised a decayed state. Must not block.
   */
  @FunctionalInterface
  public interface ChangeListener {
    ChangeListener NONE = userId -> {};

    void interestsChanged(String userId);
  }

  /**
   * Ranks the catalog for a user's view, on the entity's thread: every node holds the whole catalog index, so the
   * entity answers {@link Recommend} itself and only the short list crosses the cluster. Implemented outside this
   * package (the ranking imports the user's view, not the other way round). Must not block on I/O.
   */
  @FunctionalInterface
  public interface Recommending {
    /** Nothing to rank with (tests, tools): an empty list. */
    Recommending NONE =
        (userId, user, request) -> new Recommendations(userId, List.of(), request.now(), request.at());

    Recommendations recommend(String userId, UserInterests user, RecommendRequest request);
  }

  /** Deletes a persistence id's events and snapshots, and every other row that names it. */
  @FunctionalInterface
  public interface Forgetter {
    java.util.concurrent.CompletionStage<Done> deleteAll(String persistenceId);

    /**
     * {@code neverUsePersistenceIdAgain = true}: otherwise the journal keeps the id (which holds the user id) in
     * {@code all_persistence_ids} and its highest sequence number in {@code metadata}, and a forgotten user would
     * still be listed. A user who comes back starts again at sequence number 1; the rows written then are newer
     * than the deletes' tombstones, as long as the clocks of the nodes agree within the time between the two.
     */
    static Forgetter cassandra(ActorSystem<?> system) {
      Cleanup cleanup = new Cleanup(system);
      return persistenceId -> FutureConverters.asJava(cleanup.deleteAll(persistenceId, true));
    }
  }

  public static void init(ActorSystem<?> system, Dependencies deps) {
    Set<String> staleSnapshots = ConcurrentHashMap.newKeySet();
    ClusterSharding sharding = ClusterSharding.get(system);
    Dependencies sharded = deps.redelivery() != null
        ? deps
        : deps.withRedelivery((userId, command) -> sharding.entityRefFor(ENTITY_KEY, userId).tell(command));
    sharding
        .init(
            Entity.of(
                ENTITY_KEY,
                entity -> {
                  ActorRef<ClusterSharding.ShardCommand> shard = entity.getShard();
                  return create(
                      entity.getEntityId(),
                      sharded,
                      ctx -> shard.tell(new ClusterSharding.Passivate<>(ctx.getSelf())),
                      staleSnapshots);
                }));
  }

  /** An entity outside sharding (tests): it stops itself where a sharded one asks its shard to passivate it. */
  public static Behavior<UserCommand> create(String userId, Dependencies deps) {
    return create(userId, deps, ctx -> ctx.stop(ctx.getSelf()), ConcurrentHashMap.newKeySet());
  }

  private static Behavior<UserCommand> create(
      String userId,
      Dependencies deps,
      Consumer<ActorContext<UserCommand>> passivate,
      Set<String> staleSnapshots) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> {
                  timers.startTimerWithFixedDelay(Tick.INSTANCE, deps.settings().tickInterval());
                  return new UserInterest(userId, deps, ctx, () -> passivate.accept(ctx), staleSnapshots);
                }));
  }

  public static PersistenceId persistenceId(String userId) {
    return PersistenceId.of(ENTITY_KEY.name(), userId);
  }

  private final String userId;
  private final Dependencies deps;
  private final ActorContext<UserCommand> ctx;
  private final Runnable passivate;
  /** The setting this incarnation folds and answers under, from start to stop. */
  private final InterestSettings settings;
  /** Users (of this node) whose latest snapshot was folded under another setting: recover them without it. */
  private final Set<String> staleSnapshots;
  /** Set while the journal of a forgotten user is being deleted: every other command waits. */
  private boolean forgetting;
  /** Set once this incarnation asked to be replaced because another settings version became active. */
  private boolean retiring;
  /** When this incarnation started recovering, and whether it counts as active yet (once recovered). */
  private final long startNanos = System.nanoTime();
  private boolean counted;
  /** When this incarnation last received behaviour events (processing time, for session idleness), or null. */
  private Instant lastReceived;
  /** Set while a capture of stated interests is being answered: at most one per user at a time. */
  private boolean captureInFlight;
  /** After a failed capture, none is asked again before this instant. */
  private Instant captureRetryAt = Instant.MIN;

  private UserInterest(
      String userId,
      Dependencies deps,
      ActorContext<UserCommand> ctx,
      Runnable passivate,
      Set<String> staleSnapshots) {
    super(
        persistenceId(userId),
        SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.1));
    this.userId = userId;
    this.deps = deps;
    this.ctx = ctx;
    this.passivate = passivate;
    this.settings = deps.interestSettings().get();
    this.staleSnapshots = staleSnapshots;
  }

  /**
   * Snapshots taken before the active setting was applied were folded under another one: they are to be skipped
   * and the journal replayed. The Cassandra snapshot store does not apply a minimum timestamp, though, and an old
   * incarnation may still snapshot after that instant: so a stale snapshot is caught on recovery instead
   * ({@link #onRecovered}; the events after it wait as pending rather than fold another item space's vectors into
   * it), and the next incarnation replays without any snapshot.
   */
  @Override
  public Recovery recovery() {
    if (staleSnapshots.remove(userId)) {
      return Recovery.withSnapshotSelectionCriteria(SnapshotSelectionCriteria.none());
    }
    long since = deps.settingsActivatedAt().get().toEpochMilli();
    return Recovery.withSnapshotSelectionCriteria(
        since <= 0 ? SnapshotSelectionCriteria.latest() : SnapshotSelectionCriteria.latest().withMinTimestamp(since));
  }

  /** The settings {@code state} was folded under: this incarnation's, or an older snapshot's. */
  private InterestSettings settingsFor(UserState state) {
    return state.settingsVersion() == settings.version() ? settings : deps.settingsOfVersion().apply(state.settingsVersion());
  }

  @Override
  public SignalHandler<UserState> signalHandler() {
    return newSignalHandlerBuilder()
        .onSignal(RecoveryCompleted.instance(), this::onRecovered)
        .onSignal(PostStop.instance(), state -> uncount())
        .onSignal(PreRestart.instance(), state -> uncount())
        .build();
  }

  private void uncount() {
    if (counted) {
      counted = false;
      deps.metrics().stopped();
    }
  }

  private void onRecovered(UserState state) {
    if (!counted) {
      counted = true;
      deps.metrics().recovered(startNanos);
    }
    if (!state.isEmpty() && state.settingsVersion() != settings.version()) {
      staleSnapshots.add(userId);
      retiring = true;
      passivate.run();
    }
  }

  /**
   * True when this incarnation must not answer {@code cmd} itself: another serving model became active (or its
   * state was recovered under another one), so a new incarnation rebuilds the state by replaying the journal under
   * the active model. The first time, it asks to be passivated; every user command it still receives is then handed
   * on ({@link Redelivery}) and answered by the next incarnation, so no answer is ever made under a stale model.
   * Without a redelivery (outside sharding) commands are answered as they come.
   */
  private boolean handsOn(UserCommand cmd) {
    if (deps.redelivery() == null || !(cmd instanceof RecordBehavior || cmd instanceof RecordBatch
        || cmd instanceof GetInterests || cmd instanceof Recommend || cmd instanceof Forget)) {
      return false;
    }
    if (!retiring && settings.version() != deps.interestSettings().get().version()) {
      retiring = true;
      ctx.getLog().debug("User {} adopts settings version {}", userId, deps.interestSettings().get().version());
      passivate.run();
    }
    return retiring;
  }

  private ReplyEffect<UserEvent, UserState> handOn(UserState state, UserCommand cmd) {
    deps.redelivery().redeliver(userId, cmd);
    return Effect().noReply();
  }

  /** Outside sharding: an entity whose model changed is stopped (and so rebuilt) after answering. */
  private void retireIfStale(UserState state) {
    if (deps.redelivery() == null && !retiring && !state.isEmpty()
        && settings.version() != deps.interestSettings().get().version()) {
      retiring = true;
      passivate.run();
    }
  }

  @Override
  public UserState emptyState() {
    return UserState.empty(settings);
  }

  /** A snapshot stores a copy: the snapshot store serialises it on its own thread while this entity folds on. */
  @Override
  public SnapshotAdapter<UserState> snapshotAdapter() {
    return new SnapshotAdapter<>() {
      @Override
      public Object toJournal(UserState state) {
        return state.copy();
      }

      @Override
      public UserState fromJournal(Object stored) {
        return (UserState) stored;
      }
    };
  }

  @Override
  public RetentionCriteria retentionCriteria() {
    return RetentionCriteria.snapshotEvery(deps.settings().snapshotEvery(), deps.settings().keepSnapshots());
  }

  @Override
  public CommandHandlerWithReply<UserCommand, UserEvent, UserState> commandHandler() {
    CommandHandlerWithReplyBuilderByState<UserCommand, UserEvent, UserState, UserState> builder =
        newCommandHandlerWithReplyBuilder().forAnyState();
    return builder
        .onCommand(ForgetCompleted.class, this::onForgetCompleted)
        .onCommand(cmd -> forgetting, cmd -> Effect().stash())
        .onCommand(this::handsOn, this::handOn)
        .onCommand(RecordBehavior.class, this::onRecord)
        .onCommand(RecordBatch.class, this::onRecordBatch)
        .onCommand(GetInterests.class, this::onGetInterests)
        .onCommand(Recommend.class, this::onRecommend)
        .onCommand(Forget.class, this::onForget)
        .onCommand(Tick.class, this::onTick)
        .onCommand(CaptureAnswered.class, this::onCaptureAnswered)
        .build();
  }

  private ReplyEffect<UserEvent, UserState> onRecord(UserState state, RecordBehavior cmd) {
    retireIfStale(state);
    String eventId = cmd.behavior().eventId();
    if (state.hasAccepted(eventId)) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(new Recorded(eventId, true)));
    }
    return Effect()
        .persist(cmd.behavior())
        .thenRun(s -> afterBehavior(s, List.of(cmd.behavior())))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(new Recorded(eventId, false)));
  }

  private ReplyEffect<UserEvent, UserState> onRecordBatch(UserState state, RecordBatch cmd) {
    retireIfStale(state);
    List<BehaviorRecorded> fresh = new ArrayList<>();
    Set<String> inBatch = new HashSet<>();
    for (BehaviorRecorded b : cmd.behaviors()) {
      if (!state.hasAccepted(b.eventId()) && inBatch.add(b.eventId())) {
        fresh.add(b);
      }
    }
    BatchRecorded result = new BatchRecorded(fresh.size(), cmd.behaviors().size() - fresh.size());
    if (fresh.isEmpty()) {
      return Effect().reply(cmd.replyTo(), StatusReply.success(result));
    }
    return Effect()
        .persist(List.<UserEvent>copyOf(fresh))
        .thenRun(s -> afterBehavior(s, fresh))
        .thenReply(cmd.replyTo(), s -> StatusReply.success(result));
  }

  private ReplyEffect<UserEvent, UserState> onGetInterests(UserState state, GetInterests cmd) {
    retireIfStale(state);
    Instant at = cmd.at() != null ? cmd.at() : deps.clock().instant();
    return Effect().reply(
        cmd.replyTo(), state.view(userId, settingsFor(state), at, cmd.tz(), PROFILE_TAGS, deps.items()));
  }

  private ReplyEffect<UserEvent, UserState> onRecommend(UserState state, Recommend cmd) {
    retireIfStale(state);
    RecommendRequest request = cmd.request();
    Instant at = request.at() != null ? request.at() : deps.clock().instant();
    UserInterests view =
        state.view(userId, settingsFor(state), at, request.context().get("tz"), PROFILE_TAGS, deps.items());
    if (request.at() != null && view.lastEventAt() != null && request.at().isBefore(view.lastEventAt())) {
      return Effect().reply(cmd.replyTo(), StatusReply.error("at (" + request.at() + ") is before the user's last "
          + "event (" + view.lastEventAt() + "): an answer can be made as of the last event or later"));
    }
    return Effect().reply(cmd.replyTo(), StatusReply.success(deps.recommending().recommend(userId, view, request)));
  }

  private ReplyEffect<UserEvent, UserState> onForget(UserState state, Forget cmd) {
    return Effect()
        .persist(new UserForgotten(deps.clock().instant()))
        .thenRun(
            s -> {
              forgetting = true;
              ctx.pipeToSelf(
                  deps.forgetter().deleteAll(persistenceId().id()),
                  (done, failure) ->
                      new ForgetCompleted(cmd.replyTo(), failure == null ? null : failure.toString()));
            })
        .thenNoReply();
  }

  private ReplyEffect<UserEvent, UserState> onForgetCompleted(UserState state, ForgetCompleted cmd) {
    if (cmd.failure() != null) {
      // The state is already reset by UserForgotten; a later Forget retries the deletion.
      ctx.getLog().warn("Deleting the journal of user {} failed: {}", userId, cmd.failure());
    }
    deps.listener().interestsChanged(userId);
    if (deps.redelivery() == null) {
      // Outside sharding nothing can take commands over: stop, so that the next command recovers from the (now
      // empty) journal; stashed commands are dropped and their callers time out, as nothing of theirs was
      // acknowledged.
      return Effect().stop().thenReply(cmd.replyTo(), s -> Done.getInstance());
    }
    // Sharded: passivate rather than stop. Stopping outright left a window in which the shard still routed to the
    // stopped entity and a caller's next command went to dead letters (a 503 after the ask timeout, right after a
    // 204); the shard holds what arrives during passivation for the next incarnation, which recovers from the
    // empty journal, and this one hands on what it still gets, the stash included.
    forgetting = false;
    retiring = true;
    passivate.run();
    return Effect().none().thenReply(cmd.replyTo(), s -> Done.getInstance()).thenUnstashAll();
  }

  private ReplyEffect<UserEvent, UserState> onTick(UserState state, Tick tick) {
    retireIfStale(state);
    if (!state.isEmpty()) {
      // Nothing is written: views are derived from the state at the instant asked. Subscribers get a list that
      // reflects the decay since the last one.
      Instant now = deps.clock().instant();
      deps.listener().interestsChanged(userId);
      boolean idle = lastReceived != null && !now.isBefore(lastReceived.plus(deps.capture().idleAfter()));
      if (idle && state.eventsSinceCapture() > 0) {
        startCapture(state, now);
      }
    }
    return Effect().noReply();
  }

  /**
   * After behaviour events are in the journal: count their items (popularity), tell the listeners, and capture every
   * N events if so set.
   */
  private void afterBehavior(UserState state, List<BehaviorRecorded> persisted) {
    for (BehaviorRecorded b : persisted) {
      deps.consumption().consumed(b.itemId(), b.timestamp());
    }
    deps.listener().interestsChanged(userId);
    lastReceived = deps.clock().instant();
    int every = deps.capture().captureEvery();
    if (every > 0 && state.eventsSinceCapture() >= every) {
      startCapture(state, lastReceived);
    }
  }

  /**
   * Asks for the user's stated interests, off this entity's thread; the answer comes back as a command and is
   * journalled then. Nothing waits for it: events keep being recorded and recommendations answered meanwhile.
   */
  private void startCapture(UserState state, Instant now) {
    if (!deps.capture().enabled() || captureInFlight || retiring || now.isBefore(captureRetryAt)) {
      return;
    }
    captureInFlight = true;
    CompletionStage<InterestsCaptured> answer;
    try {
      answer = deps.capture().capture(userId, state.captureInput(settingsFor(state), now, PROFILE_TAGS));
    } catch (RuntimeException e) {
      answer = CompletableFuture.failedFuture(e);
    }
    ctx.pipeToSelf(
        answer, (captured, failure) -> new CaptureAnswered(captured, failure == null ? null : failure.toString()));
  }

  private ReplyEffect<UserEvent, UserState> onCaptureAnswered(UserState state, CaptureAnswered answer) {
    captureInFlight = false;
    if (answer.captured() == null) {
      // Counted and logged (at most once per interval) by the capture itself; asked again after a pause.
      captureRetryAt = deps.clock().instant().plus(deps.capture().retryAfter());
      return Effect().noReply();
    }
    return Effect()
        .persist(answer.captured())
        .thenRun(s -> deps.listener().interestsChanged(userId))
        .thenNoReply();
  }

  @Override
  public EventHandler<UserState, UserEvent> eventHandler() {
    return newEventHandlerBuilder()
        .forAnyState()
        .onEvent(
            BehaviorRecorded.class,
            (state, event) ->
                state.apply(
                    event,
                    settingsFor(state),
                    deps.items().find(event.itemId()).orElse(null),
                    deps.settings(),
                    deps.items()))
        .onEvent(InterestsCaptured.class, (state, event) -> state.apply(event, settingsFor(state), deps.items()))
        .onEvent(UserForgotten.class, (state, event) -> UserState.empty(settings))
        .build();
  }
}
