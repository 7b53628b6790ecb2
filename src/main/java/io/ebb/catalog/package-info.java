/**
 * The catalog: items, the embedding of their text, their storage in Cassandra and the in-memory vector index.
 *
 * <p>Plain Java plus the Cassandra driver, LangChain4j and jvector, no Pekko. {@link io.ebb.catalog.Catalog} is the
 * facade a node uses: it keeps every item and its vector in memory (the recommender needs them per
 * candidate, fast), writes through to {@link io.ebb.catalog.ItemStore}, and only asks the embedding model
 * for items whose text or model changed. {@link io.ebb.catalog.VectorIndex} is the port the recommender
 * searches; each backend lives in its own file and passes the same contract test: {@link
 * io.ebb.catalog.ExactVectorIndex} (a scan that one-byte bounds prune, {@link io.ebb.catalog.QuantizedRows}, exact
 * all the same), {@link io.ebb.catalog.HnswVectorIndex} (jvector graphs, one per norm
 * band, see {@link io.ebb.catalog.MipsGraph}) and {@link io.ebb.catalog.TieredVectorIndex} (the first while the
 * catalog is small, the second built in the background once it is not), chosen by
 * {@link io.ebb.catalog.VectorIndexSettings}.
 */
package io.ebb.catalog;
