/**
 * The interest model: how a user's events fold into decayed interest vectors and tag weights.
 *
 * <p>Pure Java on purpose: the user entity folds events with it, and so do the offline evaluator and the
 * tuner, which replay the same events under many settings. Everything here is an immutable record, an enum
 * or a static helper, and every record round-trips through Jackson (the entity snapshots its state as CBOR).
 *
 * <p>Start with {@link io.ebb.interest.InterestState}: its Javadoc explains the fold.
 */
package io.ebb.interest;
