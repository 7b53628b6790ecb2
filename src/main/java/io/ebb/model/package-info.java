/**
 * The serving model: one immutable, versioned record of everything that changes an answer (the decay fold's
 * settings, how item vectors are made, how candidates are ranked). {@code ebb tune} produces it, {@code --apply}
 * stores it, every node serves it, and {@code ebb eval} reports it; {@link io.ebb.model.ModelJson} is its one JSON
 * form. Pure Java: no Pekko, no Cassandra.
 */
package io.ebb.model;
