package io.ebb.journal;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.AsyncResultSet;
import com.datastax.oss.driver.api.core.cql.BatchStatementBuilder;
import com.datastax.oss.driver.api.core.cql.BoundStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import com.datastax.oss.driver.api.core.session.Request;
import com.datastax.oss.driver.api.core.type.reflect.GenericType;
import com.datastax.oss.driver.internal.core.session.SessionWrapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * A driver session whose asynchronous inserts into the journal's tables are grouped across users by
 * {@link WriteGroups} into unlogged batches; everything else goes to the wrapped session as it is.
 *
 * <p>Only plain inserts of bound statements qualify (never a lightweight transaction, which a batch across
 * partitions cannot hold), and only those with the journal's write profile, so the batch takes that profile's
 * consistency. A group of one is written as the statement itself. Unlogged batches apply per partition: a failed
 * group may have written some users' rows, which is what a timed-out single write may have done too, and which
 * the journal's recovery already reads back (an event is acknowledged only after its group succeeded).
 */
public final class GroupedWritesSession extends SessionWrapper implements CqlSession {

  /** What a row weighs in Cassandra beside its bound values (column names, cell timestamps, framing), generously. */
  private static final int ROW_OVERHEAD_BYTES = 160;

  private final Set<String> tables;
  private final String writeProfile;
  private final Map<PreparedStatement, Boolean> grouped = new ConcurrentHashMap<>();
  private final WriteGroups<BoundStatement, AsyncResultSet> groups;

  /**
   * @param tables the tables whose inserts are grouped, as {@code keyspace.table}
   * @param writeProfile the execution profile the journal writes with
   */
  public GroupedWritesSession(
      CqlSession delegate, WriteGroupSettings settings, Set<String> tables, String writeProfile) {
    super(delegate);
    this.tables = tables.stream().map(t -> t.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    this.writeProfile = writeProfile;
    this.groups = new WriteGroups<>(settings, GroupedWritesSession::bytes, this::write);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <RequestT extends Request, ResultT> ResultT execute(RequestT request, GenericType<ResultT> resultType) {
    if (request instanceof BoundStatement bound && Statement.ASYNC.equals(resultType) && isGrouped(bound)) {
      return (ResultT) groups.submit(bound);
    }
    return super.execute(request, resultType);
  }

  /** Groups written so far. */
  public long groupsWritten() {
    return groups.groups();
  }

  /** Rows written so far in those groups. */
  public long rowsWritten() {
    return groups.rows();
  }

  /** Rows waiting for a group now. */
  public int rowsWaiting() {
    return groups.waiting();
  }

  private boolean isGrouped(BoundStatement bound) {
    return Objects.equals(bound.getExecutionProfileName(), writeProfile)
        && grouped.computeIfAbsent(bound.getPreparedStatement(), p -> isPlainInsert(p.getQuery(), tables));
  }

  /** Whether {@code cql} is an insert into one of {@code tables} that a batch may hold. */
  static boolean isPlainInsert(String cql, Set<String> tables) {
    String q = cql.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    if (!q.startsWith("insert into ") || q.contains(" if not exists")) {
      return false;
    }
    String rest = q.substring("insert into ".length());
    int end = 0;
    while (end < rest.length() && rest.charAt(end) != ' ' && rest.charAt(end) != '(') {
      end++;
    }
    return tables.contains(rest.substring(0, end));
  }

  private CompletionStage<AsyncResultSet> write(List<BoundStatement> group) {
    CqlSession session = (CqlSession) getDelegate();
    BoundStatement first = group.get(0);
    if (group.size() == 1) {
      return session.executeAsync(first);
    }
    BatchStatementBuilder batch = new BatchStatementBuilder(DefaultBatchType.UNLOGGED)
        .setExecutionProfileName(first.getExecutionProfileName())
        .setExecutionProfile(first.getExecutionProfile())
        .setConsistencyLevel(first.getConsistencyLevel())
        .setTimeout(first.getTimeout());
    for (BoundStatement statement : group) {
      batch.addStatement(statement);
    }
    return session.executeAsync(batch.build());
  }

  private static int bytes(BoundStatement statement) {
    int total = ROW_OVERHEAD_BYTES;
    for (ByteBuffer value : statement.getValues()) {
      total += value == null ? 4 : value.remaining() + 4;
    }
    return total;
  }
}
