package io.ebb.user;

import io.ebb.CborSerializable;
import java.util.List;

/** One recommended item, its score and why it was chosen. */
public record Recommendation(String itemId, double score, List<String> reasons) implements CborSerializable {}
