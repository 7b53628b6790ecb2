package io.ebb.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Extension;
import org.apache.pekko.actor.typed.ExtensionId;

/**
 * The one answer to "may this node take traffic?" for an ActorSystem, shared by the service's
 * {@code /health/ready} and Pekko Management's {@code /ready} ({@link ReadinessCheck}), which Pekko creates by
 * class name and so can only reach through the system. Not ready until the node has wired its check.
 */
public final class NodeReadiness implements Extension {

  private static final ExtensionId<NodeReadiness> ID =
      new ExtensionId<>() {
        @Override
        public NodeReadiness createExtension(ActorSystem<?> system) {
          return new NodeReadiness();
        }
      };

  private volatile Supplier<CompletionStage<Boolean>> check = () -> CompletableFuture.completedFuture(false);

  public static NodeReadiness get(ActorSystem<?> system) {
    return ID.apply(system);
  }

  public void set(Supplier<CompletionStage<Boolean>> check) {
    this.check = check;
  }

  public CompletionStage<Boolean> ready() {
    return check.get().exceptionally(e -> false);
  }
}
