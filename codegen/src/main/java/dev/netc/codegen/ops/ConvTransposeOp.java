package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.dsl.SourcePos;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code conv_transpose2d(filters, kernel: 3, stride: 1, padding: 0, output_padding: 0, bias: true,
 * activation: linear, init: auto)} on {@code [C, H, W]}, giving {@code [F, H', W']} with PyTorch's
 * rule per axis: {@code H' = (H - 1) * stride - 2 * padding + kernel + output_padding}. It is the
 * adjoint of a conv2d from {@code [F, H', W']} to {@code [C, H, W]} with the same kernel, stride
 * and padding (the input gradient of that conv), and output_padding, which must be smaller than the
 * stride, picks which of the stride's possible sizes H' is. kernel, stride, padding and
 * output_padding take one value or {@code [height, width]}.
 *
 * <p>Weight {@code [C, F, kh, kw]}, PyTorch's {@code ConvTranspose2d.weight} as it is; bias {@code
 * [F]}. Initializer as for conv2d, with the transposed connectivity: fan-in {@code C * ceil(kh /
 * sh) * ceil(kw / sw)} (the most taps that reach one output), fan-out {@code F * kh * kw} (the
 * outputs one input feeds).
 *
 * <p>Generated code ({@link TransposedConv}): one Gemm product and a col2im, the conv's backward
 * pass run forward.
 */
public final class ConvTransposeOp implements Op {

  @Override
  public String name() {
    return "conv_transpose2d";
  }

  @Override
  public String doc() {
    return "2d transposed convolution on [channels, height, width]: conv_transpose2d(filters, kernel: 3,"
        + " stride: 1, padding: 0, output_padding: 0, activation: relu)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("filters", ArgType.positiveInt(), "number of output channels"),
        ArgSpec.optional("kernel", new ArgType.IntListType(1, false), new int[] {3},
            "window size, one value or [height, width]"),
        ArgSpec.optional("stride", new ArgType.IntListType(1, false), new int[] {1},
            "upsampling step, one value or [height, width]"),
        ArgSpec.optional("padding", new ArgType.IntListType(0, false), new int[] {0},
            "rows and columns taken off each side of the output, one value or [height, width]"),
        ArgSpec.optional("output_padding", new ArgType.IntListType(0, false), new int[] {0},
            "rows and columns added at the bottom and right of the output, below the stride"),
        ArgSpec.optional("bias", ArgType.bool(), true, "add a bias per filter"),
        ArgSpec.optional("activation", ArgType.oneOf(Activation.dslNames()), "linear", "fused activation"),
        ArgSpec.optional("init", ArgType.oneOf(DenseOp.INITS), "auto",
            "weight initializer; auto picks he_normal for relu-like activations, else xavier_uniform"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    Window w = geometry(input, args, diags);
    return w == null ? null : Shape.of(args.intArg("filters"), w.h(), w.w());
  }

  /**
   * The window of the conv2d this layer is the adjoint of: its input is this layer's output {@code
   * [F, H', W']}, its output positions this layer's input positions; null after reporting at the
   * offending argument.
   */
  static Window geometry(Shape input, Args args, Diagnostics diags) {
    String op = "conv_transpose2d";
    if (input.rank() != 3) {
      report(diags, args.callPos(), op + ": expected input [channels, height, width], got " + input.describe()
          + (input.rank() == 2 ? "; add reshape([1, " + input.dim(0) + ", " + input.dim(1) + "]) for one channel" : ""));
      return null;
    }
    int[] k = perAxis(args, "kernel", diags);
    int[] s = perAxis(args, "stride", diags);
    int[] p = perAxis(args, "padding", diags);
    int[] op2 = perAxis(args, "output_padding", diags);
    if (k == null || s == null || p == null || op2 == null) {
      return null;
    }
    int f = args.intArg("filters");
    int[] n = {input.dim(1), input.dim(2)};
    long[] out = new long[2];
    for (int a = 0; a < 2; a++) {
      String axis = a == 0 ? "height" : "width";
      if (op2[a] >= s[a]) {
        report(diags, args.pos("output_padding"), op + ": output_padding " + op2[a] + " must be smaller than the "
            + axis + " stride " + s[a] + "; it only picks among the " + s[a] + " output sizes a stride of "
            + s[a] + " can give");
        return null;
      }
      out[a] = (n[a] - 1L) * s[a] - 2L * p[a] + k[a] + op2[a];
      if (out[a] < 1) {
        report(diags, args.pos("padding"), op + ": padding " + p[a] + " leaves an output " + axis + " of "
            + out[a] + " ((" + n[a] + " - 1) * stride " + s[a] + " - 2 * padding + kernel " + k[a]
            + " + output_padding " + op2[a] + "); use less padding");
        return null;
      }
      if (out[a] + 2L * p[a] > Window.MAX_PADDED_AXIS) {
        report(diags, args.pos(s[a] > 1 ? "stride" : "kernel"), op + ": the output " + axis + " " + out[a] + " (padded " + (out[a] + 2L * p[a])
            + ") is more than " + Window.MAX_PADDED_AXIS + "; use a smaller stride, kernel or padding");
        return null;
      }
    }
    long col = product(f, k[0], k[1], n[0], n[1]);
    long weights = product(input.dim(0), f, k[0], k[1]);
    if (col > Limits.MAX_ELEMENTS || weights > Limits.MAX_PARAMETERS) {
      report(diags, args.pos("kernel"), op + ": kernel " + k[0] + "x" + k[1] + " over " + f + " filters needs a column"
          + " workspace of " + col + " floats per example, over the limit of " + Limits.MAX_ELEMENTS
          + "; use a smaller kernel or fewer filters");
      return null;
    }
    return new Window(2, f, (int) out[0], (int) out[1], k[0], k[1], s[0], s[1], 1, 1, p[0], p[0], p[1], p[1],
        n[0], n[1]);
  }

  /** The product of positive factors, saturating at Long.MAX_VALUE: five ints can overflow a long. */
  private static long product(long... factors) {
    long p = 1;
    for (long v : factors) {
      if (p > Long.MAX_VALUE / v) {
        return Long.MAX_VALUE;
      }
      p *= v;
    }
    return p;
  }

  private static int[] perAxis(Args args, String arg, Diagnostics diags) {
    int[] v = args.intListArg(arg);
    if (v.length == 1) {
      return new int[] {v[0], v[0]};
    }
    if (v.length != 2) {
      report(diags, args.pos(arg), "conv_transpose2d: " + arg + " takes 1 or 2 values, got " + v.length + " "
          + java.util.Arrays.toString(v));
      return null;
    }
    return v;
  }

  private static void report(Diagnostics diags, SourcePos pos, String message) {
    if (diags != null) {
      diags.error(pos, message);
    }
  }

  private static Window window(Shape input, Args args) {
    Window w = geometry(input, args, null);
    if (w == null) {
      throw new IllegalStateException("conv_transpose2d: emitting a layer whose shape check failed");
    }
    return w;
  }

  private static Activation activation(Args args) {
    return Activation.fromDsl(args.enumArg("activation"));
  }

  @Override
  public String describe(Args args) {
    int[] k = args.intListArg("kernel");
    String kt = k.length == 1 ? k[0] + "x" + k[0] : k[0] + "x" + k[1];
    Activation a = activation(args);
    return name() + " " + kt + (a == Activation.LINEAR ? "" : " + " + a.dslName())
        + (args.boolArg("bias") ? "" : " (no bias)");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    Window w = window(input, args);
    int f = args.intArg("filters");
    int c = input.dim(0);
    Init init = activation(args).initializer(args.enumArg("init"));
    int fanIn = c * ceilDiv(w.kh(), w.sh()) * ceilDiv(w.kw(), w.sw());
    int fanOut = f * w.area();
    ParamSpec weight = new ParamSpec("weight", Shape.of(c, f, w.kh(), w.kw()), init, fanIn, fanOut);
    if (!args.boolArg("bias")) {
      return List.of(weight);
    }
    return List.of(weight, new ParamSpec("bias", Shape.of(f), Init.ZEROS, fanIn, fanOut));
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    Window w = window(input, args);
    long macs = (long) input.dim(0) * w.c() * w.area() * w.outPlane();
    return 2 * macs + output.size() * (1 + activation(args).flopsPerElement());
  }

  @Override
  public String fixedKernelReason() {
    return "transposed convolution: one product and a col2im";
  }

  private static TransposedConv layer(Shape input, Args args) {
    return new TransposedConv(window(input, args), input.dim(0), args.boolArg("bias"), activation(args));
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return layer(input, args).buffers();
  }

  @Override
  public void emitForward(LayerCode c) {
    layer(c.inShape(), c.args()).forward(c);
  }

  @Override
  public void emitBackward(LayerCode c) {
    layer(c.inShape(), c.args()).backward(c);
  }
}
