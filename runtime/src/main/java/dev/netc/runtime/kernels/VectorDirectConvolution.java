package dev.netc.runtime.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD kernels behind {@link DirectConvolution}. Loaded only when it chose SIMD, so nothing
 * else may reference it.
 *
 * <p>Forward: blocks of four outputs by three vectors of positions, twelve accumulators fed per
 * tap by three shifted input loads and four broadcast weights. A last partial block is computed
 * over again ending at the last position (the outputs are written, not added to, so the overlap
 * is harmless); only fewer positions than one vector go through the scalar loops.
 *
 * <p>Weight gradient: per channel, pair of taps and block of four filters, eight dot products
 * at once over the positions (two shifted input loads and four gradient loads per vector), lanes
 * summed at the end and the tail added in scalar.
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
    for (int i = 0; i < inChannels; i++) {
      for (int ky = 0; ky < kh; ky++) {
        int ir = i0 + i * inPlane + ky * rowShift;
        int wr = w0 + i * wIn + ky * wKy;
        for (int kx = 0; kx < kw; kx++, ir += colShift, wr += wKx) {
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
    for (int i = 0; i < inChannels; i++) {
      for (int ky = 0; ky < kh; ky++) {
        int ir = i0 + i * inPlane + ky * rowShift;
        int wr = w0 + i * wIn + ky * wKy;
        for (int kx = 0; kx < kw; kx++, ir += colShift, wr += wKx) {
          FloatVector x = FloatVector.fromArray(S, in, ir);
          a0 = x.fma(FloatVector.broadcast(S, w[wr]), a0);
          a1 = x.fma(FloatVector.broadcast(S, w[wr + wOut]), a1);
          a2 = x.fma(FloatVector.broadcast(S, w[wr + 2 * wOut]), a2);
          a3 = x.fma(FloatVector.broadcast(S, w[wr + 3 * wOut]), a3);
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
    for (int i = 0; i < inChannels; i++) {
      for (int ky = 0; ky < kh; ky++) {
        int ir = i0 + i * inPlane + ky * rowShift;
        int wr = w0 + i * wIn + ky * wKy;
        for (int kx = 0; kx < kw; kx++, ir += colShift, wr += wKx) {
          a = FloatVector.fromArray(S, in, ir).fma(FloatVector.broadcast(S, w[wr]), a);
        }
      }
    }
    a.intoArray(out, o0);
  }

  static void weightGradient(float[] in, int inOff, int inChannels, int inPlane, int kh, int kw,
      int rowShift, int colShift, float[] gy, int gyOff, int outChannels, int gyPlane, int positions,
      float[] g, int gOff) {
    int taps = kh * kw;
    int full = positions - positions % L;
    for (int i = 0; i < inChannels; i++) {
      for (int t = 0; t < taps; t++) {
        int ir = inOff + i * inPlane + t / kw * rowShift + t % kw * colShift;
        int gi = gOff + (i * taps + t) * outChannels;
        int o = 0;
        if (t + 1 < taps) {
          // two taps at once: the pair shares the four gradient loads
          int ir2 = inOff + i * inPlane + (t + 1) / kw * rowShift + (t + 1) % kw * colShift;
          for (; o + 4 <= outChannels; o += 4) {
            dots4x2(in, ir, ir2, gy, gyOff + o * gyPlane, gyPlane, full, positions, g, gi + o, gi + outChannels + o);
          }
          for (; o < outChannels; o++) {
            g[gi + o] += DirectConvolution.dot(gy, gyOff + o * gyPlane, in, ir, positions);
            g[gi + outChannels + o] += DirectConvolution.dot(gy, gyOff + o * gyPlane, in, ir2, positions);
          }
          t++;
          continue;
        }
        for (; o + 4 <= outChannels; o += 4) {
          dots4x1(in, ir, gy, gyOff + o * gyPlane, gyPlane, full, positions, g, gi + o);
        }
        for (; o < outChannels; o++) {
          g[gi + o] += DirectConvolution.dot(gy, gyOff + o * gyPlane, in, ir, positions);
        }
      }
    }
  }

  /** g[ga + j] and g[gb + j] += dot(gy row j, in at ia / ib) for four gy rows. */
  private static void dots4x2(float[] in, int ia, int ib, float[] gy, int g0, int gyPlane, int full, int n,
      float[] g, int ga, int gb) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    FloatVector b0 = a0;
    FloatVector b1 = a0;
    FloatVector b2 = a0;
    FloatVector b3 = a0;
    for (int p = 0; p < full; p += L) {
      FloatVector xa = FloatVector.fromArray(S, in, ia + p);
      FloatVector xb = FloatVector.fromArray(S, in, ib + p);
      FloatVector y = FloatVector.fromArray(S, gy, g0 + p);
      a0 = y.fma(xa, a0);
      b0 = y.fma(xb, b0);
      y = FloatVector.fromArray(S, gy, g0 + gyPlane + p);
      a1 = y.fma(xa, a1);
      b1 = y.fma(xb, b1);
      y = FloatVector.fromArray(S, gy, g0 + 2 * gyPlane + p);
      a2 = y.fma(xa, a2);
      b2 = y.fma(xb, b2);
      y = FloatVector.fromArray(S, gy, g0 + 3 * gyPlane + p);
      a3 = y.fma(xa, a3);
      b3 = y.fma(xb, b3);
    }
    int t = n - full;
    g[ga] += a0.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + full, in, ia + full, t);
    g[ga + 1] += a1.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + gyPlane + full, in, ia + full, t);
    g[ga + 2] += a2.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 2 * gyPlane + full, in, ia + full, t);
    g[ga + 3] += a3.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 3 * gyPlane + full, in, ia + full, t);
    g[gb] += b0.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + full, in, ib + full, t);
    g[gb + 1] += b1.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + gyPlane + full, in, ib + full, t);
    g[gb + 2] += b2.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 2 * gyPlane + full, in, ib + full, t);
    g[gb + 3] += b3.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 3 * gyPlane + full, in, ib + full, t);
  }

  /** g[ga + j] += dot(gy row j, in at ia) for four gy rows. */
  private static void dots4x1(float[] in, int ia, float[] gy, int g0, int gyPlane, int full, int n,
      float[] g, int ga) {
    FloatVector a0 = FloatVector.zero(S);
    FloatVector a1 = a0;
    FloatVector a2 = a0;
    FloatVector a3 = a0;
    for (int p = 0; p < full; p += L) {
      FloatVector x = FloatVector.fromArray(S, in, ia + p);
      a0 = FloatVector.fromArray(S, gy, g0 + p).fma(x, a0);
      a1 = FloatVector.fromArray(S, gy, g0 + gyPlane + p).fma(x, a1);
      a2 = FloatVector.fromArray(S, gy, g0 + 2 * gyPlane + p).fma(x, a2);
      a3 = FloatVector.fromArray(S, gy, g0 + 3 * gyPlane + p).fma(x, a3);
    }
    int t = n - full;
    g[ga] += a0.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + full, in, ia + full, t);
    g[ga + 1] += a1.reduceLanes(VectorOperators.ADD) + DirectConvolution.dot(gy, g0 + gyPlane + full, in, ia + full, t);
    g[ga + 2] += a2.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 2 * gyPlane + full, in, ia + full, t);
    g[ga + 3] += a3.reduceLanes(VectorOperators.ADD)
        + DirectConvolution.dot(gy, g0 + 3 * gyPlane + full, in, ia + full, t);
  }
}
