package io.ebb;

/**
 * Marker for messages, events and snapshots that cross the wire or go to the journal. Bound to Pekko's
 * {@code jackson-cbor} serializer in {@code cluster-config/serialization.conf}, so nothing is Java-serialized.
 */
public interface CborSerializable {}
