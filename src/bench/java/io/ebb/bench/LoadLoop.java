package io.ebb.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The sending thread of the ingest benchmark. Saturation: it keeps {@link EventSender#capacity()} requests in
 * flight, sending the next as soon as one is answered. Fixed rate: request {@code i} is <em>meant</em> to start
 * at {@code start + i / rate}; it waits for that instant, then for a free place in flight, and its latency is
 * counted from the intended instant, so when the service stalls the requests that queue behind it show their
 * real wait instead of being silently postponed (coordinated omission). Requests sent more than
 * {@link #LATE_NANOS} after their instant are counted as behind schedule.
 *
 * <p>Bodies are built before the wait so that building them never delays a send.
 */
final class LoadLoop {

  static final long LATE_NANOS = 5_000_000L;

  /** {@code eventsPerSecond} 0 means saturation. */
  record Plan(Duration warmup, Duration measured, double eventsPerSecond, int eventsPerRequest, Duration drainTimeout) {

    boolean paced() {
      return eventsPerSecond > 0;
    }
  }

  /**
   * @param behindSchedule requests sent more than {@link #LATE_NANOS} after their intended instant
   * @param notSent requests whose instant fell in the run but that could not go out before it ended
   * @param unanswered requests still unanswered when the drain timed out
   */
  record Result(
      long requestsSent,
      long eventsSent,
      long behindSchedule,
      long maxLatenessNanos,
      long notSent,
      long unanswered,
      double measuredSeconds) {}

  private final EventSender sender;
  private final EventBodies bodies;
  private final IngestStats stats;
  private final Semaphore permits;
  private final Plan plan;
  private volatile String phase = "starting";

  /** {@code permits} holds one permit per place in flight; answers release them (see {@link IngestStats}). */
  LoadLoop(EventSender sender, EventBodies bodies, IngestStats stats, Semaphore permits, Plan plan) {
    this.sender = sender;
    this.bodies = bodies;
    this.stats = stats;
    this.permits = permits;
    this.plan = plan;
  }

  String phase() {
    return phase;
  }

  int inFlight() {
    return Math.max(0, sender.capacity() - permits.availablePermits());
  }

  Result run() throws InterruptedException {
    long start = System.nanoTime();
    long measureFrom = start + plan.warmup().toNanos();
    long end = measureFrom + plan.measured().toNanos();
    stats.window(measureFrom, end);
    int perRequest = plan.eventsPerRequest();
    double period = plan.paced() ? 1e9 * perRequest / plan.eventsPerSecond() : 0;
    long sequence = 0;
    long sent = 0;
    long behind = 0;
    long maxLate = 0;
    long notSent = 0;
    for (long i = 0; ; i++) {
      long intended = plan.paced() ? start + (long) (i * period) : 0;
      if (plan.paced() && intended >= end) {
        break;
      }
      byte[] body = perRequest == 1 ? bodies.event(sequence) : bodies.batch(sequence, perRequest);
      if (plan.paced()) {
        parkUntil(intended);
      }
      long now = System.nanoTime();
      phase = now < measureFrom ? "warm-up" : "measuring";
      if (now >= end || !permits.tryAcquire(end - now, TimeUnit.NANOSECONDS)) {
        for (long j = i; plan.paced() && start + (long) (j * period) < end; j++) {
          notSent++;
        }
        break;
      }
      now = System.nanoTime();
      if (plan.paced()) {
        long late = now - intended;
        maxLate = Math.max(maxLate, late);
        if (late > LATE_NANOS) {
          behind++;
        }
      }
      sender.send(body, new Pending(plan.paced() ? intended : now, perRequest, sequence));
      sequence += perRequest;
      sent++;
    }
    double measuredSeconds = (Math.min(System.nanoTime(), end) - measureFrom) / 1e9;
    phase = "draining";
    long unanswered = 0;
    if (permits.tryAcquire(sender.capacity(), plan.drainTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
      permits.release(sender.capacity());
    } else {
      unanswered = inFlight();
      stats.error("no answer within the " + plan.drainTimeout().toSeconds() + " s drain (timeout)", unanswered);
    }
    stats.close();
    phase = "done";
    return new Result(sent, sequence, behind, maxLate, notSent, unanswered, measuredSeconds);
  }

  private static void parkUntil(long deadline) {
    for (long wait = deadline - System.nanoTime(); wait > 0; wait = deadline - System.nanoTime()) {
      LockSupport.parkNanos(wait);
    }
  }
}
