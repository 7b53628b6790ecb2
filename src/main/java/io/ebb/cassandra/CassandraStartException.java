package io.ebb.cassandra;

/** The embedded Cassandra node could not be started; the message says why and what to do about it. */
public class CassandraStartException extends RuntimeException {

  public CassandraStartException(String message) {
    super(message);
  }

  public CassandraStartException(String message, Throwable cause) {
    super(message, cause);
  }
}
