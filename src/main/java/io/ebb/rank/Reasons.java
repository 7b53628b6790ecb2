package io.ebb.rank;

import io.ebb.interest.TagWeight;
import io.ebb.interest.VectorMath;
import io.ebb.model.PlacePrior;
import io.ebb.user.RecentEvent;
import io.ebb.user.UserInterests;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Why an item is on a user's list, in words: near the user, the recent event it is most similar to, the stated
 * interest it fits, the hour's interest it fits ("what you go for on weekday evenings"), the top tag it carries.
 * The last stage of the ranking pipeline; made once per request from the user's view.
 */
final class Reasons {

  /** Below this cosine an event does not explain an item. */
  private static final double EVENT_SIMILARITY = 0.3;
  /** Below this cosine to the stated-interest direction, a stated interest does not explain an item. */
  private static final double STATED_SIMILARITY = 0.3;
  /** Below this cosine to the query hour's interest, the hour does not explain an item. */
  private static final double TIME_SIMILARITY = 0.3;

  private final UserInterests user;
  private final Instant now;
  private final Function<String, List<String>> tagsOf;
  private final List<Explainer> explainers;

  /** {@code vectorOf}: an item's served vector, or null; {@code tagsOf}: an item's tags. */
  Reasons(UserInterests user, Instant now, Function<String, float[]> vectorOf, Function<String, List<String>> tagsOf) {
    this.user = user;
    this.now = now;
    this.tagsOf = tagsOf;
    this.explainers = new ArrayList<>(user.recent().size());
    for (RecentEvent e : user.recent()) {
      float[] v = e.weight() > 0 ? vectorOf.apply(e.itemId()) : null;
      if (v != null) {
        explainers.add(new Explainer(e, v, VectorMath.norm(v)));
      }
    }
  }

  /**
   * The distance to say "near you" with: where the place prior gave an item at least half its weight (it lies
   * within {@code scaleKm · ln 2}), its distance; else {@code NaN}.
   */
  static double nearKm(Ranker.Ranked<?> ranked, PlacePrior prior) {
    return prior.isOn() && ranked.placeBoost() >= prior.weight() / 2 ? ranked.distanceKm() : Double.NaN;
  }

  /** {@code nearKm}: {@link #nearKm}, {@code NaN} when the place did not matter. */
  List<String> of(String itemId, float[] vector, double nearKm) {
    // Cosines from the raw vectors and their norms: no normalised copies per item.
    double norm = VectorMath.norm(vector);
    List<String> reasons = new ArrayList<>(2);
    if (!Double.isNaN(nearKm)) {
      reasons.add("near you (" + Phrases.distance(nearKm) + ")");
    }
    RecentEvent closest = null;
    double closestSimilarity = EVENT_SIMILARITY;
    for (Explainer x : explainers) {
      if (x.vector.length == vector.length) {
        double sim = VectorMath.cosine(vector, norm, x.vector, x.norm);
        if (sim > closestSimilarity) {
          closestSimilarity = sim;
          closest = x.event;
        }
      }
    }
    if (closest != null) {
      reasons.add("similar to " + closest.itemId() + " (" + Phrases.pastTense(closest.type()) + " "
          + Phrases.ago(closest.atEpochMilli(), now) + ")");
    }
    if (!user.statedInterests().isEmpty()
        && user.statedVector().length == vector.length
        && VectorMath.cosine(vector, norm, user.statedVector(), 1.0) > STATED_SIMILARITY) {
      reasons.add("fits what you seem into lately: " + user.statedInterests().get(0).topic());
    }
    UserInterests.TimeOfQuery time = user.time();
    if (time != null && time.vector().length == vector.length) {
      // Only where the item fits the user's interest at this hour better than the interest at other hours.
      double toHour = VectorMath.cosine(vector, norm, time.vector(), 1.0);
      double elsewhere =
          time.elsewhere().length == vector.length ? VectorMath.cosine(vector, norm, time.elsewhere(), 1.0) : 0.0;
      if (toHour > TIME_SIMILARITY && toHour > elsewhere) {
        reasons.add("what you go for on " + time.bucket() + "s");
      }
    }
    List<String> tags = tagsOf.apply(itemId);
    for (TagWeight t : user.topTags()) {
      if (tags.contains(t.tag())) {
        reasons.add("matches your interest in " + t.tag());
        break;
      }
    }
    if (reasons.isEmpty()) {
      reasons.add("close to your recent interests");
    }
    return reasons;
  }

  private record Explainer(RecentEvent event, float[] vector, double norm) {}
}
