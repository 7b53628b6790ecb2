package io.ebb.bench;

import io.ebb.user.UserCommand;
import io.ebb.user.UserCommand.GetInterests;
import io.ebb.user.UserInterests;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * The guardian of the recovery benchmark's ActorSystem: user entities run as its children, outside sharding, so
 * the benchmark can start an incarnation, ask it at once, and stop it, waiting until it has really stopped before
 * the next incarnation of the same persistence id starts (two writers of one journal must never overlap).
 */
final class EntityHost {

  sealed interface Command {}

  /** Start an entity and answer with its ref. */
  record Start(String name, Behavior<UserCommand> entity, ActorRef<ActorRef<UserCommand>> replyTo) implements Command {}

  /**
   * Start an entity and send it {@link GetInterests} in the same step: the reply comes once it has recovered,
   * so the time from sending this to the reply is spawn-to-first-answer, with no extra round trip in it.
   */
  record StartAndAsk(String name, Behavior<UserCommand> entity, ActorRef<UserInterests> replyTo) implements Command {}

  /** Stop the entity started under {@code name}; answered once it has terminated (at once if there is none). */
  record Stop(String name, ActorRef<Done> replyTo) implements Command {}

  private final ActorContext<Command> ctx;
  private final Map<ActorRef<?>, ActorRef<Done>> stopping = new HashMap<>();

  private EntityHost(ActorContext<Command> ctx) {
    this.ctx = ctx;
  }

  static Behavior<Command> create() {
    return Behaviors.setup(ctx -> new EntityHost(ctx).behavior());
  }

  private Behavior<Command> behavior() {
    return Behaviors.receive(Command.class)
        .onMessage(Start.class, start -> {
          start.replyTo().tell(ctx.spawn(start.entity(), start.name()));
          return Behaviors.same();
        })
        .onMessage(StartAndAsk.class, start -> {
          ctx.spawn(start.entity(), start.name()).tell(new GetInterests(start.replyTo()));
          return Behaviors.same();
        })
        .onMessage(Stop.class, stop -> {
          var child = ctx.getChild(stop.name());
          if (child.isEmpty()) {
            stop.replyTo().tell(Done.getInstance());
          } else {
            ctx.watch(child.get());
            stopping.put(child.get(), stop.replyTo());
            ctx.stop(child.get());
          }
          return Behaviors.same();
        })
        .onSignal(Terminated.class, terminated -> {
          ActorRef<Done> replyTo = stopping.remove(terminated.getRef());
          if (replyTo != null) {
            replyTo.tell(Done.getInstance());
          }
          return Behaviors.same();
        })
        .build();
  }
}
