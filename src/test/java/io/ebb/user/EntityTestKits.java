package io.ebb.user;

import com.typesafe.config.ConfigFactory;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.persistence.testkit.javadsl.EventSourcedBehaviorTestKit;

/** The actor test kit the entity tests share: Pekko's in-memory journal with CBOR round-trips of every message. */
final class EntityTestKits {

  private EntityTestKits() {}

  static ActorTestKit create() {
    return ActorTestKit.create(
        EventSourcedBehaviorTestKit.config()
            // a plain local system: no remoting port to collide with a node running on this machine
            .withFallback(ConfigFactory.parseString("pekko.actor.provider = local"))
            .withFallback(ConfigFactory.parseResources("cluster-config/serialization.conf"))
            .withFallback(ConfigFactory.load()));
  }
}
