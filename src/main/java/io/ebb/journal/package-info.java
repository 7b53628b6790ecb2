/**
 * Journal writes grouped across users: the Pekko Cassandra journal writes each entity's events as their own
 * statement, and a Cassandra node pays for every statement (parsing, coordination, a commit-log entry), not only
 * for every row. {@link io.ebb.journal.GroupedWritesSessionProvider} hands the journal a driver session whose
 * event inserts coalesce, while others are in flight, into unlogged batches of many users' rows
 * ({@link io.ebb.journal.WriteGroups}); every other request, and every read, passes through unchanged. The journal
 * plugin, its tables and everything that reads them (recovery, Persistence Query, cleanup, {@code tune}) stay as
 * they are, and each write's future still completes only once Cassandra has answered for the group that holds it.
 *
 * <p>Plain Java and the Cassandra driver; the provider is the one seam Pekko instantiates from configuration.
 */
package io.ebb.journal;
