package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.kernels.Pooling;
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
 *
 * <p>Unpadded pools call the runtime's {@link Pooling} kernels (SIMD for the common 2x2 window at
 * stride 2); padded ones are written out as loops that skip the padding. Max pooling records its
 * indices only in training ({@code forwardPass(..., training = false)} computes none).
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

  /** Max pooling computes its indices only for a backward pass, so it reads the mode. */
  @Override
  public boolean usesTrainingMode() {
    return max;
  }

  @Override
  public void emitForward(LayerCode c) {
    Window w = window(c.inShape(), c.args());
    if (!w.padded()) {
      if (max) {
        c.add("// the indices of the maxima only when a backward pass will route gradients through them\n")
            .statement("$T.max(batch, $L, $L, $L, $L, $L, $L, $L, x, y, training ? argmax : null)", Pooling.class,
                w.c(), w.h(), w.w(), w.kh(), w.kw(), w.sh(), w.sw());
      } else {
        c.statement("$T.average(batch, $L, $L, $L, $L, $L, $L, $L, x, y)", Pooling.class,
            w.c(), w.h(), w.w(), w.kh(), w.kw(), w.sh(), w.sw());
      }
      return;
    }
    if (max) {
      c.begin("if (!training)")
          .add("// inference: the maximum alone\n");
      emitPadded(c, w, false);
      c.statement("return").end();
    }
    emitPadded(c, w, max);
  }

  /** The loops of a padded pool; {@code argmax} whether max pooling records its indices. */
  private void emitPadded(LayerCode c, Window w, boolean argmax) {
    Loop b = beginExample(c);
    Position at = positions(c, w);
    if (argmax) {
      c.statement("float best = Float.NEGATIVE_INFINITY")
          .statement("int arg = 0");
    } else if (max) {
      c.statement("float best = Float.NEGATIVE_INFINITY");
    } else {
      c.statement("float s = 0f");
    }
    Tap tap = window(c, w, at);
    if (argmax) {
      // branch-free: the sign bit of best - v says v > best (ties keep the first); a branch here
      // mispredicts on random data
      c.statement("float v = x[$L]", Index.var("xo").plus(tap.i()))
          .statement("int up = Float.floatToRawIntBits(best - v) >>> 31")
          .statement("arg += up * ($L)", tap.i().minus("arg"))
          .statement("best = Math.max(best, v)");
    } else if (max) {
      c.statement("best = Math.max(best, x[$L])", Index.var("xo").plus(tap.i()));
    } else {
      c.statement("s += x[$L]", Index.var("xo").plus(tap.i()));
    }
    tap.close(c);
    if (argmax) {
      c.statement("y[o] = best").statement("argmax[o] = arg");
    } else if (max) {
      c.statement("y[o] = best");
    } else {
      c.statement("y[o] = s * $L", LayerCode.f(1.0 / w.area()));
    }
    c.statement("o++");
    at.close(c);
    c.end(b);
  }

  @Override
  public void emitBackward(LayerCode c) {
    Window w = window(c.inShape(), c.args());
    c.beginInputGrad();
    if (!c.accumulate()) {
      c.zero("gx", 0, LayerCode.batchTimes(c.inSize()));
    }
    if (max) {
      c.statement("$T.maxBackward(batch, $L, $L, gy, argmax, gx)", Pooling.class, c.inSize(), c.outSize());
    } else if (!w.padded()) {
      c.statement("$T.averageBackward(batch, $L, $L, $L, $L, $L, $L, $L, gy, gx)", Pooling.class,
          w.c(), w.h(), w.w(), w.kh(), w.kw(), w.sh(), w.sw());
    } else {
      Loop b = beginExample(c);
      Position at = positions(c, w);
      c.statement("float s = gy[o] * $L", LayerCode.f(1.0 / w.area()));
      Tap tap = window(c, w, at);
      c.statement("gx[$L] += s", Index.var("xo").plus(tap.i()));
      tap.close(c);
      c.statement("o++");
      at.close(c);
      c.end(b);
    }
    c.endInputGrad();
  }

  /** Opens the loop over the batch with the example's offsets {@code xo} and {@code o}. */
  private static Loop beginExample(LayerCode c) {
    Loop b = c.beginLoop("b", "batch");
    c.statement("int xo = $L", b.index().times(c.inSize()))
        .statement("int o = $L", b.index().times(c.outSize()));
    return b;
  }

  /** The open channel and output position loops; a loop of one iteration is not written. */
  private record Position(Loop chLoop, Loop oyLoop, Loop oxLoop) {
    Index ch() {
      return chLoop.index();
    }

    Index oy() {
      return oyLoop.index();
    }

    Index ox() {
      return oxLoop.index();
    }

    void close(LayerCode c) {
      c.end(oxLoop).end(oyLoop).end(chLoop);
    }
  }

  private static Position positions(LayerCode c, Window w) {
    return new Position(c.beginLoop("ch", w.c()), c.beginLoop("oy", w.oh()), c.beginLoop("ox", w.ow()));
  }

  /** The open window loops and {@code i}, the input index within the example of the current tap. */
  private record Tap(Loop kyLoop, Loop kxLoop, Index i) {
    void close(LayerCode c) {
      c.end(kxLoop).end(kyLoop);
    }
  }

  /** Opens the window loops (two levels), skipping padding. */
  private static Tap window(LayerCode c, Window w, Position at) {
    Loop ky = c.beginLoop("ky", w.kh());
    Index iy = coordinate(c, "iy", at.oy().times(w.sh()).plus(ky.index()).minus(w.padTop()),
        w.padTop() + w.padBottom() > 0, w.h(), ky);
    Loop kx = c.beginLoop("kx", w.kw());
    Index ix = coordinate(c, "ix", at.ox().times(w.sw()).plus(kx.index()).minus(w.padLeft()),
        w.padLeft() + w.padRight() > 0, w.w(), kx);
    Index i = at.ch().times(w.h() * w.w()).plus(iy.times(w.w())).plus(ix);
    if (i.isConstant() || i.isVariable()) {
      return new Tap(ky, kx, i);
    }
    c.statement("int i = $L", i);
    return new Tap(ky, kx, Index.var("i"));
  }

  /**
   * An input coordinate: a local named {@code name} (skipping the tap when padded and outside
   * {@code [0, size)}), or the value itself when it is a constant or a loop variable. The skip is a {@code
   * continue} of the tap's loop, which is written: a pool pads at most half its window, so a
   * padded axis has a window of at least 2.
   */
  private static Index coordinate(LayerCode c, String name, Index value, boolean padded, int size, Loop tap) {
    if (padded && !tap.open()) {
      throw new IllegalStateException(name + ": padding around a window of 1");
    }
    if (!padded && (value.isConstant() || value.isVariable())) {
      return value;
    }
    c.statement("int $L = $L", name, value);
    if (padded) {
      c.begin("if ($L < 0 || $L >= $L)", name, name, size).statement("continue").end();
    }
    return Index.var(name);
  }
}
