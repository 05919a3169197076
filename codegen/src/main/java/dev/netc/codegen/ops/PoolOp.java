package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * {@code maxpool(size: 2, stride: size, padding: valid)} and {@code avgpool(...)} over channels-first
 * {@code [C, L]} (1d) or {@code [C, H, W]} (2d), chosen by the input's rank; size and stride take
 * one value or one per spatial axis; padding is {@code valid}, {@code same} or an explicit
 * symmetric list (at most half the window, as in PyTorch).
 *
 * <p>maxpool ignores padding (as if -infinity) and keeps, per output element, the input index of
 * its maximum (the first one on ties) in the extra buffer {@code argmax}; backward routes the
 * gradient there. avgpool always divides by the full window area, padding included (PyTorch's
 * {@code count_include_pad=True}, its default; TensorFlow's 'same' divides by the in-image count).
 */
public final class PoolOp implements Op {
  private final boolean max;

  public PoolOp(boolean max) {
    this.max = max;
  }

  @Override
  public String name() {
    return max ? "maxpool" : "avgpool";
  }

  @Override
  public String doc() {
    return (max ? "maximum" : "average") + " over windows of [channels, length] or [channels, height, width]: "
        + name() + "(size: 2, stride: size, padding: valid|same|[ph, pw])";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.optional("size", new ArgType.IntListType(1, false), new int[] {2},
            "window, one value or one per spatial axis"),
        ArgSpec.optional("stride", new ArgType.IntListType(1, false), new int[0],
            "step, one value or one per spatial axis; default: the window size"),
        ArgSpec.optional("padding", Window.paddingType(), "valid",
            "valid (none), same (output ceil(size / stride)) or explicit per side"));
  }

  private static int dims(Shape input) {
    return input.rank() == 2 ? 1 : 2;
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2 && input.rank() != 3) {
      diags.error(args.callPos(), name() + ": expected input [channels, length] or [channels, height, width], got "
          + input.describe() + (input.rank() == 1 ? "; add reshape([1, " + input.dim(0) + "]) for one channel" : ""));
      return null;
    }
    if (max && input.size() > (1 << 24)) {
      diags.error(args.callPos(), name() + ": input " + input.describe() + " too large for float indices");
      return null;
    }
    Window w = Window.resolve(name(), dims(input), input, args, "size", "stride", null, diags);
    if (w == null) {
      return null;
    }
    return input.rank() == 3 ? Shape.of(w.c(), w.oh(), w.ow()) : Shape.of(w.c(), w.ow());
  }

  private Window window(Shape input, Args args) {
    return Window.of(name(), dims(input), input, args, "size", "stride", null);
  }

  @Override
  public String describe(Args args) {
    int[] s = args.intListArg("size");
    return name() + " " + (s.length == 1 ? Integer.toString(s[0]) : s[0] + "x" + s[1]);
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return output.size() * window(input, args).area();
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return max
        ? List.of(new ExtraBuffer("argmax", output.size(), "input index of each maximum, for backward"))
        : List.of();
  }

  /** Windows up to this area without padding are unrolled (a 2x2 pool: 4 loads, a max tree). */
  private static final int UNROLLED_AREA = 9;

  @Override
  public void emitForward(LayerCode c) {
    Window w = window(c.inShape(), c.args());
    if (max && !w.padded() && w.area() <= UNROLLED_AREA) {
      emitUnrolledMax(c, w);
      return;
    }
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int o = b * $L", c.outSize());
    loops(c, w);
    if (max) {
      c.statement("float best = Float.NEGATIVE_INFINITY")
          .statement("int arg = 0");
    } else {
      c.statement("float s = 0f");
    }
    window(c, w);
    if (max) {
      // branch-free: the sign bit of best - v says v > best (ties keep the first); a branch here
      // mispredicts on random data
      c.statement("float v = x[xo + i]")
          .statement("int up = Float.floatToRawIntBits(best - v) >>> 31")
          .statement("arg += up * (i - arg)")
          .statement("best = Math.max(best, v)");
    } else {
      c.statement("s += x[xo + i]");
    }
    c.end().end();
    if (max) {
      c.statement("y[o] = best").statement("argmax[o] = arg");
    } else {
      c.statement("y[o] = s * $L", LayerCode.f(1.0 / w.area()));
    }
    c.statement("o++");
    c.end().end().end().end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    Window w = window(c.inShape(), c.args());
    c.beginInputGrad();
    if (!c.accumulate()) {
      c.statement("java.util.Arrays.fill(gx, 0, batch * $L, 0f)", c.inSize());
    }
    if (max) {
      c.begin("for (int b = 0; b < batch; b++)")
          .statement("int xo = b * $L", c.inSize())
          .begin("for (int o = b * $L; o < (b + 1) * $L; o++)", c.outSize(), c.outSize())
          .statement("gx[xo + (int) argmax[o]] += gy[o]")
          .end()
          .end();
    } else {
      c.begin("for (int b = 0; b < batch; b++)")
          .statement("int xo = b * $L", c.inSize())
          .statement("int o = b * $L", c.outSize());
      loops(c, w);
      c.statement("float s = gy[o] * $L", LayerCode.f(1.0 / w.area()));
      window(c, w);
      c.statement("gx[xo + i] += s");
      c.end().end();
      c.statement("o++");
      c.end().end().end().end();
    }
    c.endInputGrad();
  }

  /**
   * Max pooling with the window unrolled: the maximum as a tree of {@code Math.max} (no
   * dependency chain through the window), then the index of its first occurrence in window
   * order, found branch-free by scanning backwards: {@code best - v} is +0 exactly when v is the
   * maximum, so {@code (bits(best - v) - 1) >>> 31} is 1 there and 0 elsewhere. A running
   * argmax updated per element (the general form below) is a serial chain of five operations
   * per element and took a CNN's pooling layer most of its forward time.
   */
  private static void emitUnrolledMax(LayerCode c, Window w) {
    int n = w.area();
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int xo = b * $L", c.inSize())
        .statement("int o = b * $L", c.outSize());
    loops(c, w);
    c.statement("int i0 = ch * $L + oy * $L + ox * $L", w.h() * w.w(), w.sh() * w.w(), w.sw());
    String[] offsets = new String[n];
    for (int ky = 0; ky < w.kh(); ky++) {
      for (int kx = 0; kx < w.kw(); kx++) {
        int off = ky * w.w() + kx;
        offsets[ky * w.kw() + kx] = off == 0 ? "i0" : "i0 + " + off;
      }
    }
    for (int t = 0; t < n; t++) {
      c.statement("float v$L = x[xo + $L]", t, offsets[t]);
    }
    c.statement("float best = $L", maxTree(0, n));
    c.statement("int arg = $L", offsets[n - 1]);
    for (int t = n - 2; t >= 0; t--) {
      c.statement("arg += ((Float.floatToRawIntBits(best - v$L) - 1) >>> 31) * ($L - arg)", t, offsets[t]);
    }
    c.statement("y[o] = best").statement("argmax[o] = arg").statement("o++");
    c.end().end().end().end();
  }

  private static String maxTree(int from, int to) {
    if (to - from == 1) {
      return "v" + from;
    }
    int mid = (from + to) / 2;
    return "Math.max(" + maxTree(from, mid) + ", " + maxTree(mid, to) + ")";
  }

  /** Opens the channel and output position loops (three levels). */
  private static void loops(LayerCode c, Window w) {
    c.begin("for (int ch = 0; ch < $L; ch++)", w.c())
        .begin("for (int oy = 0; oy < $L; oy++)", w.oh())
        .begin("for (int ox = 0; ox < $L; ox++)", w.ow());
  }

  /** Opens the window loops (two levels), skipping padding; {@code i} is the input index within the example. */
  private static void window(LayerCode c, Window w) {
    c.begin("for (int ky = 0; ky < $L; ky++)", w.kh())
        .statement("int iy = oy * $L + ky - $L", w.sh(), w.padTop());
    if (w.padTop() + w.padBottom() > 0) {
      c.begin("if (iy < 0 || iy >= $L)", w.h()).statement("continue").end();
    }
    c.begin("for (int kx = 0; kx < $L; kx++)", w.kw())
        .statement("int ix = ox * $L + kx - $L", w.sw(), w.padLeft());
    if (w.padLeft() + w.padRight() > 0) {
      c.begin("if (ix < 0 || ix >= $L)", w.w()).statement("continue").end();
    }
    c.statement("int i = ch * $L + iy * $L + ix", w.h() * w.w(), w.w());
  }
}
