package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops behind {@link Pooling}: over horizontal pairs {@code (x[2i], x[2i+1])} of a
 * flat run, two vectors are loaded and split into their even and odd lanes (a rearrange of
 * each and a blend). Each loop does whole vectors only and returns how many pairs it did; the caller
 * finishes the tail. Loaded only when the matrix kernels run on SIMD, so nothing else may
 * reference it.
 */
final class VectorPooling {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();
  // Lanes 0, 2, 4, ... (or 1, 3, 5, ...) of a vector pair: each vector's even (odd) lanes moved to
  // the low half (from the first) or the high half (from the second), then one blend. The
  // two-vector rearrange says the same but allocated a shuffle per call on JDK 17. Written out in
  // each loop: a helper taking vectors that C2 does not inline boxes them (see VectorGemm).
  private static final VectorShuffle<Float> EVEN = VectorShuffle.fromArray(S, steps(0), 0);
  private static final VectorShuffle<Float> ODD = VectorShuffle.fromArray(S, steps(1), 0);
  private static final VectorMask<Float> HIGH = VectorMask.fromArray(S, highHalf(), 0);
  /** 0, 2, 4, ... as floats: the index of each pair's first element. */
  private static final float[] FIRSTS = firsts();

  private VectorPooling() {}

  /** {@code t[i] = max(x[xo + 2i], x[xo + 2i + 1])} for whole vectors of i below {@code pairs}. */
  static int pairMax(int pairs, float[] x, int xo, float[] t) {
    int i = 0;
    for (; i + L <= pairs; i += L) {
      FloatVector a = FloatVector.fromArray(S, x, xo + 2 * i);
      FloatVector b = FloatVector.fromArray(S, x, xo + 2 * i + L);
      FloatVector e = a.rearrange(EVEN).blend(b.rearrange(EVEN), HIGH);
      e.max(a.rearrange(ODD).blend(b.rearrange(ODD), HIGH)).intoArray(t, i);
    }
    return i;
  }

  /**
   * {@link #pairMax}, and {@code t[args + i]} the index of the pair's maximum relative to {@code
   * xo} (the first element on ties).
   */
  static int pairMaxArg(int pairs, float[] x, int xo, float[] t, int args) {
    FloatVector firsts = FloatVector.fromArray(S, FIRSTS, 0);
    int i = 0;
    for (; i + L <= pairs; i += L) {
      FloatVector a = FloatVector.fromArray(S, x, xo + 2 * i);
      FloatVector b = FloatVector.fromArray(S, x, xo + 2 * i + L);
      FloatVector e = a.rearrange(EVEN).blend(b.rearrange(EVEN), HIGH);
      FloatVector m = e.max(a.rearrange(ODD).blend(b.rearrange(ODD), HIGH));
      m.intoArray(t, i);
      FloatVector first = firsts.add(2f * i);
      // m - e is +0 exactly when e is the maximum: the scalar loop's test, bit for bit
      first.add(1f).blend(first, m.sub(e).compare(VectorOperators.EQ, 0f)).intoArray(t, args + i);
    }
    return i;
  }

  /** {@code t[i] = x[xo + 2i] + x[xo + 2i + 1]} for whole vectors of i below {@code pairs}. */
  static int pairSum(int pairs, float[] x, int xo, float[] t) {
    int i = 0;
    for (; i + L <= pairs; i += L) {
      FloatVector a = FloatVector.fromArray(S, x, xo + 2 * i);
      FloatVector b = FloatVector.fromArray(S, x, xo + 2 * i + L);
      FloatVector e = a.rearrange(EVEN).blend(b.rearrange(EVEN), HIGH);
      e.add(a.rearrange(ODD).blend(b.rearrange(ODD), HIGH)).intoArray(t, i);
    }
    return i;
  }

  /** {@code first + 2q} modulo the lane count, for lane q. */
  private static int[] steps(int first) {
    int[] s = new int[L];
    for (int q = 0; q < L; q++) {
      s[q] = (first + 2 * q) % L;
    }
    return s;
  }

  private static boolean[] highHalf() {
    boolean[] h = new boolean[L];
    for (int q = L / 2; q < L; q++) {
      h[q] = true;
    }
    return h;
  }

  private static float[] firsts() {
    float[] f = new float[L];
    for (int q = 0; q < L; q++) {
      f[q] = 2 * q;
    }
    return f;
  }
}
