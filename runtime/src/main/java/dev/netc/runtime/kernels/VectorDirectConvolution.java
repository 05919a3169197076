package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels behind {@link DirectConvolution}. Loaded only when it chose SIMD, so nothing
 * else may reference it.
 *
 * <p>Forward: blocks of four outputs by three vectors of positions, twelve accumulators fed per
 * tap by three shifted input loads and four broadcast weights. A last partial block is computed
 * over again ending at the last position (the outputs are written, not added to, so the overlap
 * is harmless); only fewer positions than one vector go through the scalar loops.

 */
final class VectorDirectConvolution {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int L = S.length();

  private VectorDirectConvolution() {}

  static void forward(float[] in, int inOff, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int wOff, int wIn, int wKy, int wKx, int wOut,
      float[] out, int outOff, int outChannels, int outPlane, int positions) {
    if (positions < L) {
      DirectConvolution.forwardScalar(in, inOff, inChannels, inPlane, kh, kw, rowShift, colShift,
          w, wOff, wIn, wKy, wKx, wOut, out, outOff, 0, outChannels, outPlane, positions);
      return;
    }
    int o = 0;
    for (; o + 4 <= outChannels; o += 4) {
      int wo = wOff + o * wOut;
      int oo = outOff + o * outPlane;
      int p = 0;
      for (; p + 3 * L <= positions; p += 3 * L) {
        block4x3(in, inOff + p, inChannels, inPlane, kh, kw, rowShift, colShift, w, wo, wIn, wKy, wKx, wOut,
            out, oo + p, outPlane);
      }
      for (; p < positions; p += L) {
        int q = Math.min(p, positions - L); // the last vector overlaps the one before
        block4x1(in, inOff + q, inChannels, inPlane, kh, kw, rowShift, colShift, w, wo, wIn, wKy, wKx, wOut,
            out, oo + q, outPlane);
      }
    }
    for (; o < outChannels; o++) {
      int wo = wOff + o * wOut;
      int oo = outOff + o * outPlane;
      for (int p = 0; p < positions; p += L) {
        int q = Math.min(p, positions - L);
        block1x1(in, inOff + q, inChannels, inPlane, kh, kw, rowShift, colShift, w, wo, wIn, wKy, wKx,
            out, oo + q);
      }
    }
  }

  /** Four outputs by three vectors of positions. */
  private static void block4x3(float[] in, int i0, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int w0, int wIn, int wKy, int wKx, int wOut,
      float[] out, int o0, int outPlane) {
    FloatVector a00 = FloatVector.zero(S);
    FloatVector a01 = a00;
    FloatVector a02 = a00;
    FloatVector a10 = a00;
    FloatVector a11 = a00;
    FloatVector a12 = a00;
    FloatVector a20 = a00;
    FloatVector a21 = a00;
    FloatVector a22 = a00;
    FloatVector a30 = a00;
    FloatVector a31 = a00;
    FloatVector a32 = a00;
    // one flat loop over channels and taps: C2 keeps the accumulators in registers only across
    // a single loop (nested loops boxed every vector: 100 times slower)
    int rowIn = rowShift - kw * colShift;
    int rowW = wKy - kw * wKx;
    int chIn = inPlane - kh * rowShift;
    int chW = wIn - kh * wKy;
    int ir = i0;
    int wr = w0;
    int kx = 0;
    int ky = 0;
    for (int t = inChannels * kh * kw; t > 0; t--) {
      FloatVector x0 = FloatVector.fromArray(S, in, ir);
      FloatVector x1 = FloatVector.fromArray(S, in, ir + L);
      FloatVector x2 = FloatVector.fromArray(S, in, ir + 2 * L);
      FloatVector v = FloatVector.broadcast(S, w[wr]);
      a00 = x0.fma(v, a00);
      a01 = x1.fma(v, a01);
      a02 = x2.fma(v, a02);
      v = FloatVector.broadcast(S, w[wr + wOut]);
      a10 = x0.fma(v, a10);
      a11 = x1.fma(v, a11);
      a12 = x2.fma(v, a12);
      v = FloatVector.broadcast(S, w[wr + 2 * wOut]);
      a20 = x0.fma(v, a20);
      a21 = x1.fma(v, a21);
      a22 = x2.fma(v, a22);
      v = FloatVector.broadcast(S, w[wr + 3 * wOut]);
      a30 = x0.fma(v, a30);
      a31 = x1.fma(v, a31);
      a32 = x2.fma(v, a32);
      ir += colShift;
      wr += wKx;
      if (++kx == kw) {
        kx = 0;
        ir += rowIn;
        wr += rowW;
        if (++ky == kh) {
          ky = 0;
          ir += chIn;
          wr += chW;
        }
      }
    }
    a00.intoArray(out, o0);
    a01.intoArray(out, o0 + L);
    a02.intoArray(out, o0 + 2 * L);
    a10.intoArray(out, o0 + outPlane);
    a11.intoArray(out, o0 + outPlane + L);
    a12.intoArray(out, o0 + outPlane + 2 * L);
    a20.intoArray(out, o0 + 2 * outPlane);
    a21.intoArray(out, o0 + 2 * outPlane + L);
    a22.intoArray(out, o0 + 2 * outPlane + 2 * L);
    a30.intoArray(out, o0 + 3 * outPlane);
    a31.intoArray(out, o0 + 3 * outPlane + L);
    a32.intoArray(out, o0 + 3 * outPlane + 2 * L);
  }

  /** Four outputs by one vector of positions. */
  private static void block4x1(float[] in, int i0, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int w0, int wIn, int wKy, int wKx, int wOut,
      float[] out, int o0, int outPlane) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    int rowIn = rowShift - kw * colShift;
    int rowW = wKy - kw * wKx;
    int chIn = inPlane - kh * rowShift;
    int chW = wIn - kh * wKy;
    int ir = i0;
    int wr = w0;
    int kx = 0;
    int ky = 0;
    for (int t = inChannels * kh * kw; t > 0; t--) {
      FloatVector x = FloatVector.fromArray(S, in, ir);
      a0 = x.fma(FloatVector.broadcast(S, w[wr]), a0);
      a1 = x.fma(FloatVector.broadcast(S, w[wr + wOut]), a1);
      a2 = x.fma(FloatVector.broadcast(S, w[wr + 2 * wOut]), a2);
      a3 = x.fma(FloatVector.broadcast(S, w[wr + 3 * wOut]), a3);
      ir += colShift;
      wr += wKx;
      if (++kx == kw) {
        kx = 0;
        ir += rowIn;
        wr += rowW;
        if (++ky == kh) {
          ky = 0;
          ir += chIn;
          wr += chW;
        }
      }
    }
    a0.intoArray(out, o0);
    a1.intoArray(out, o0 + outPlane);
    a2.intoArray(out, o0 + 2 * outPlane);
    a3.intoArray(out, o0 + 3 * outPlane);
  }

  /** One output by one vector of positions. */
  private static void block1x1(float[] in, int i0, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] w, int w0, int wIn, int wKy, int wKx, float[] out, int o0) {
    FloatVector a = FloatVector.zero(S);
    int rowIn = rowShift - kw * colShift;
    int rowW = wKy - kw * wKx;
    int chIn = inPlane - kh * rowShift;
    int chW = wIn - kh * wKy;
    int ir = i0;
    int wr = w0;
    int kx = 0;
    int ky = 0;
    for (int t = inChannels * kh * kw; t > 0; t--) {
      a = FloatVector.fromArray(S, in, ir).fma(FloatVector.broadcast(S, w[wr]), a);
      ir += colShift;
      wr += wKx;
      if (++kx == kw) {
        kx = 0;
        ir += rowIn;
        wr += rowW;
        if (++ky == kh) {
          ky = 0;
          ir += chIn;
          wr += chW;
        }
      }
    }
    a.intoArray(out, o0);
  }
}
