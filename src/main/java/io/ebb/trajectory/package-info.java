/**
 * A user's interests over time, replayed from the user's journal under the active model: what the entity's state
 * was (and, ahead of now, will fade to) at evenly spaced instants. The entity keeps only the folded state, so the
 * history is folded again here, from the events, with the pure fold of {@code io.ebb.interest}.
 */
package io.ebb.trajectory;
