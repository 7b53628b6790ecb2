package io.ebb.replay;

import io.ebb.model.ServingModel;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Told what an evaluation or tuning run is doing, so a console can show it. */
public interface ProgressListener {

  /** A phase starts or ends: {@code "embedding 3650 item texts"}. */
  void phase(String message);

  /** One more setting of the sweep was scored on the validation targets. */
  void settingDone(int done, int total, Duration elapsed, ServingModel candidate, MetricSet validation);

  /** Lines on stderr ({@code [eval] …}), keeping stdout for the report. */
  static ProgressListener stderr() {
    return printingTo(System.err);
  }

  static ProgressListener printingTo(PrintStream out) {
    return new ProgressListener() {
      @Override
      public void phase(String message) {
        out.println("[eval] " + message);
      }

      @Override
      public void settingDone(int done, int total, Duration elapsed, ServingModel c, MetricSet validation) {
        out.printf(Locale.ROOT, "[eval] settings %d/%d, %.1f s: ndcg@10 %.4f  %s%n",
            done, total, elapsed.toMillis() / 1000.0, validation.ndcg10(), c.label());
      }
    };
  }

  static ProgressListener silent() {
    return new ProgressListener() {
      @Override
      public void phase(String message) {}

      @Override
      public void settingDone(int done, int total, Duration elapsed, ServingModel c, MetricSet validation) {}
    };
  }
}
