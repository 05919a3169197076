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

  /** Whether every float of {@code a} is finite: four vector sums of {@code v * 0}, NaN if any is not. */
  static boolean allFinite(float[] a, int from, int to) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int n = to;
    int i = from;
    for (; i + 4 * L <= n; i += 4 * L) {
      s0 = s0.add(FloatVector.fromArray(S, a, i).mul(0f));
      s1 = s1.add(FloatVector.fromArray(S, a, i + L).mul(0f));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * L).mul(0f));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * L).mul(0f));
    }
    float[] lanes = Scratch.get(Scratch.PRODUCT, L);
    s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
    float acc = 0f;
    for (int q = 0; q < L; q++) {
      acc += lanes[q];
    }
    for (; i < n; i++) {
      acc += a[i] * 0f;
    }
    return acc == 0f;
  }

  static float sum(float[] a, int off, int n) {
    FloatVector s0 = FloatVector.zero(S);
    FloatVector s1 = s0;
    FloatVector s2 = s0;
    FloatVector s3 = s0;
    int end = off + n;
    int i = off;
    for (; i + 4 * L <= end; i += 4 * L) {
      s0 = s0.add(FloatVector.fromArray(S, a, i));
      s1 = s1.add(FloatVector.fromArray(S, a, i + L));
      s2 = s2.add(FloatVector.fromArray(S, a, i + 2 * L));
      s3 = s3.add(FloatVector.fromArray(S, a, i + 3 * L));
    }
    float[] lanes = Scratch.get(Scratch.PRODUCT, L);
    s0.add(s1).add(s2.add(s3)).intoArray(lanes, 0);
    float acc = 0f;
    for (int q = 0; q < L; q++) {
      acc += lanes[q];
    }
    for (; i < end; i++) {
      acc += a[i];
    }
    return acc;
  }
}
