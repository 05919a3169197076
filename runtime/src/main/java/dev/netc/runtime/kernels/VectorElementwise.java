package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops behind {@link Elementwise}: whole vectors through lanewise {@code EXP} / {@code
 * TANH}, the tail through the scalar loop. Loaded only when {@link Elementwise} chose SIMD, so
 * nothing else may reference it.
 */
final class VectorElementwise {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorElementwise() {}

  /**
   * {@code 1 / (1 + e^-x)} in float; below about x = -87 the result would be subnormal and comes
   * out 0 (e^-x overflows to infinity, or the quotient flushes): an absolute error under 1.2e-38.
   */
  static void sigmoid(float[] a, int off, int n) {
    FloatVector one = FloatVector.broadcast(S, 1f);
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector e = FloatVector.fromArray(S, a, off + i).neg().lanewise(VectorOperators.EXP);
      one.div(e.add(one)).intoArray(a, off + i);
    }
    Elementwise.sigmoidScalar(a, off + i, n - i);
  }

  static void tanh(float[] a, int off, int n) {
    int i = 0;
    for (; i + L <= n; i += L) {
      FloatVector.fromArray(S, a, off + i).lanewise(VectorOperators.TANH).intoArray(a, off + i);
    }
    Elementwise.tanhScalar(a, off + i, n - i);
  }
}
