package io.ebb.bench;

/** A user of the recovery benchmark: {@code events} in its journal, snapshots every {@code snapshotEvery} (0: none). */
record RecoveryCase(int events, int snapshotEvery, String userId) {

  boolean snapshots() {
    return snapshotEvery > 0;
  }
}
