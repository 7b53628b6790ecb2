package io.ebb.replay;

import java.util.Locale;

/** How targets are chosen from a dataset. */
public enum Protocol {
  /**
   * Leave-one-out, as published sequential-recommendation results on MovieLens use it: each user's last event is
   * the test target, the one before it the validation target.
   */
  LOO,
  /** A global time cut: each user's first event after the cut is the target. */
  TIMESPLIT;

  /** Share of events (by time) before the validation cut of {@link #TIMESPLIT}. */
  public static final double TIMESPLIT_VALIDATION_CUT = 0.8;
  /** Share of events (by time) before the test cut of {@link #TIMESPLIT}. */
  public static final double TIMESPLIT_TEST_CUT = 0.9;
  /** At most this many targets per user and window in {@link #TIMESPLIT}: a few heavy users must not dominate. */
  public static final int TIMESPLIT_TARGETS_PER_USER = 10;

  public static Protocol parse(String s) {
    return switch (s.strip().toLowerCase(Locale.ROOT)) {
      case "loo", "leave-one-out" -> LOO;
      case "timesplit", "time-split", "time" -> TIMESPLIT;
      default -> throw new IllegalArgumentException("unknown protocol '" + s + "': use loo or timesplit");
    };
  }

  /** The protocol in words, printed into every report. */
  public String describe(int core) {
    String common =
        "Every event (every rating) counts as one interaction. Iterative " + core + "-core filter: users and items"
            + " with fewer than " + core + " interactions are removed until none is left. Each user's events are"
            + " sorted by (timestamp, itemId), itemIds compared as numbers when both are numbers. ";
    String ranking =
        " Each target is predicted from all of that user's earlier events (in that order), folded at the target's"
            + " timestamp. Items the user consumed before the target are excluded (a target the user had already"
            + " consumed counts as a miss). The target is ranked among all remaining items that survived the"
            + " filter (full ranking, no sampled negatives); score ties count at their expected rank, as if broken"
            + " at random (each metric is averaged over the tied positions). Metrics: HR@10 (= Recall@10 with one"
            + " target), NDCG@10, MRR, and top-10 coverage (distinct items in all top-10 lists / candidate items)."
            + " Anything learned (collaborative vectors, item-item similarities) is learned from training events"
            + " only: every event that is not a validation or test target" + (this == TIMESPLIT
                ? " and happened before the validation cut." : ".")
            + " Settings are chosen on the validation targets and reported on the test targets; the test targets"
            + " never choose anything. Baselines on the same targets: popularity (counts of all events strictly"
            + " before the target's timestamp), itemknn (binary cosine item-item similarity over training events,"
            + " score = sum of similarities to the history items), ebb-nodecay (the fold with infinite half-lives),"
            + " ebb (the tuned setting). Cold items: targets whose item has no training event (so no collaborative"
            + " vector) are reported separately.";
    return switch (this) {
      case LOO -> "Protocol loo (leave-one-out). " + common
          + "The last event of each user is the test target, the second-to-last the validation target." + ranking;
      case TIMESPLIT -> "Protocol timesplit (global time cuts). " + common
          + "Two cuts at the " + Math.round(TIMESPLIT_VALIDATION_CUT * 100) + "% and "
          + Math.round(TIMESPLIT_TEST_CUT * 100) + "% quantiles of event timestamps: each user's first "
          + TIMESPLIT_TARGETS_PER_USER + " events at or after the validation cut (and before the test cut) are"
          + " validation targets, their first " + TIMESPLIT_TARGETS_PER_USER + " events at or after the test cut"
          + " test targets; an event is a target only if the user has an earlier event (before or after the"
          + " cut), and later targets are predicted with the earlier ones in the history." + ranking;
    };
  }
}
