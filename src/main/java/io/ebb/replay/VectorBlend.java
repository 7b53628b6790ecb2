package io.ebb.replay;

/**
 * The item vector of a {@link Candidate}, made exactly as the service's catalog makes it
 * ({@link io.ebb.catalog.VectorBlend}): {@code [textWeight · text ; cfWeight · cf]}.
 */
public final class VectorBlend {

  private VectorBlend() {}

  /**
   * @param text the unit text vector
   * @param cf the collaborative vector, or {@code null} for an item without one (its part is then zeros)
   * @param cfDimension the length of the collaborative part
   */
  public static float[] of(float[] text, float[] cf, int cfDimension, double textWeight, double cfWeight) {
    return new io.ebb.catalog.VectorBlend(textWeight, cfWeight, cfWeight == 0 ? 0 : cfDimension).of(text, cf);
  }

  /** {@link #of} for a candidate. */
  public static float[] of(float[] text, float[] cf, Candidate c) {
    return of(text, cf, c.cf().dimension(), c.textWeight(), c.cfWeight());
  }
}
