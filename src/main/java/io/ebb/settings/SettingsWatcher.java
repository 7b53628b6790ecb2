package io.ebb.settings;

import io.ebb.model.ServingModel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's view of the active serving model: the configured defaults until a tuned model is applied, then the
 * newest stored version. {@link #poll} is called periodically (every {@code ebb.settings.poll-interval}); listeners
 * hear about every change before it becomes {@link #current}.
 */
public final class SettingsWatcher {

  private static final Logger log = LoggerFactory.getLogger(SettingsWatcher.class);

  private final SettingsStore store;
  private final List<Consumer<ServingModel>> listeners = new CopyOnWriteArrayList<>();
  private final Map<Integer, ServingModel> byVersion = new ConcurrentHashMap<>();
  private volatile ServingModel current;

  public SettingsWatcher(SettingsStore store, ServingModel defaults) {
    this.store = store;
    this.byVersion.put(defaults.version(), defaults);
    this.current = store.latest().filter(s -> s.version() > defaults.version()).orElse(defaults);
    this.byVersion.put(current.version(), current);
  }

  /**
   * Any version ever active: a user state recovered from a snapshot taken under an older version is read under
   * that version until it is rebuilt.
   */
  public ServingModel version(int version) {
    return byVersion.computeIfAbsent(
        version,
        v -> store.version(v).orElseThrow(() ->
            new IllegalStateException("no serving model version " + v + " is stored")));
  }

  public ServingModel current() {
    return current;
  }

  public void onChange(Consumer<ServingModel> listener) {
    listeners.add(listener);
  }

  /** Reads the newest stored version; adopts it if it is newer than the one served. */
  public void poll() {
    store
        .latest()
        .filter(s -> s.version() > current.version())
        .ifPresent(
            newer -> {
              log.info("Adopting serving model version {} ({})", newer.version(), newer.origin());
              // Listeners first (the catalog swaps in item vectors of the new space), then the entities see the
              // new version and rebuild their state with those vectors.
              listeners.forEach(l -> l.accept(newer));
              byVersion.put(newer.version(), newer);
              current = newer;
            });
  }
}
