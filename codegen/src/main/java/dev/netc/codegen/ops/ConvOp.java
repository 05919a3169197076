package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.List;

/**
 * {@code conv2d(filters, kernel: 3, stride: 1, padding: valid, dilation: 1, bias: true,
 * activation: linear, init: auto, groups: 1)} on channels-first {@code [C, H, W]}, giving {@code [F, H', W']},
 * and {@code conv1d(...)} with the same arguments on {@code [C, L]}, giving {@code [F, L']} (a 1d
 * convolution is generated as a 2d one of height 1). kernel, stride and dilation take one value or
 * one per spatial axis; padding is {@code valid}, {@code same} (TensorFlow's rule, see {@link
 * Window}) or an explicit symmetric list {@code [ph, pw]}.
 *
 * <p>Weight layout {@code [C, kh, kw, F]} (conv1d: {@code [C, k, F]}): the row of a kernel tap is
 * contiguous over filters, so the weight gradient is a contiguous loop over F. A PyTorch weight
 * {@code [F, C, kh, kw]} maps to it by moving F last. Bias {@code [F]}. Initializer as for dense
 * (He normal for relu-like activations, else Xavier uniform) with fan-in {@code C * kh * kw} and
 * fan-out {@code F * kh * kw}.
 *
 * <p>With {@code groups} g (dividing both C and F; g = C is depthwise) filter block i sees channel
 * block i only: the weight is {@code [C, kh, kw, F/g]}, which read as {@code [g, C/g, kh, kw, F/g]}
 * is one {@code [C/g * kh * kw, F/g]} matrix per group, and fan-in and fan-out are {@code C/g * kh
 * * kw} and {@code F/g * kh * kw}. A PyTorch weight {@code [F, C/g, kh, kw]} maps to it as {@code
 * w.reshape(g, F/g, C/g, kh, kw).permute(0, 2, 3, 4, 1)}.
 *
 * <p>Generated code: the plan ({@code CostModel}) chooses a variant per layer from its window
 * ({@link #convolution}) and records it as the layer's {@link Kernel}; this class hands the layer to
 * it: {@link DirectConv} (stride 1: the runtime's {@link dev.netc.runtime.kernels.DirectConvolution}
 * forward, im2col's backward), {@link Im2colConv} (im2col over chunks of the batch and one {@link
 * dev.netc.runtime.kernels.Gemm} product per direction: strides and groups) or {@link
 * PointwiseConv} (a 1x1 window at stride 1 without padding: the input is the matrix, one product
 * per example).
 */
public final class ConvOp implements Op {
  private final int dims;

  public ConvOp(int dims) {
    this.dims = dims;
  }

  @Override
  public String name() {
    return "conv" + dims + "d";
  }

  @Override
  public String doc() {
    return dims == 2
        ? "2d convolution on [channels, height, width]: conv2d(filters, kernel: 3, stride: 1, padding: valid|same|[ph, pw], dilation: 1, activation: relu, groups: 1)"
        : "1d convolution on [channels, length]: conv1d(filters, kernel: 3, stride: 1, padding: valid|same|[p], dilation: 1, activation: relu, groups: 1)";
  }

  @Override
  public List<ArgSpec> args() {
    String perAxis = dims == 2 ? "one value or [height, width]" : "one value";
    return List.of(
        ArgSpec.required("filters", ArgType.positiveInt(), "number of output channels"),
        ArgSpec.optional("kernel", new ArgType.IntListType(1, false), new int[] {3},
            "window size, " + perAxis),
        ArgSpec.optional("stride", new ArgType.IntListType(1, false), new int[] {1}, "step, " + perAxis),
        ArgSpec.optional("padding", Window.paddingType(), "valid",
            "valid (none), same (keep the size at stride 1) or explicit zeros per side, " + perAxis),
        ArgSpec.optional("dilation", new ArgType.IntListType(1, false), new int[] {1},
            "spacing of kernel taps, " + perAxis),
        ArgSpec.optional("bias", ArgType.bool(), true, "add a bias per filter"),
        ArgSpec.optional("activation", ArgType.oneOf(Activation.dslNames()), "linear",
            "fused activation"),
        ArgSpec.optional("init", ArgType.oneOf(DenseOp.INITS), "auto",
            "weight initializer; auto picks he_normal for relu-like activations, else xavier_uniform"),
        ArgSpec.optional("groups", ArgType.positiveInt(), 1L,
            "channel groups: each group of filters sees one group of channels; channels for depthwise"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    Window w = Window.resolve(name(), dims, input, args, "kernel", "stride", "dilation", diags);
    if (w == null) {
      return null;
    }
    int f = args.intArg("filters");
    int groups = args.intArg("groups");
    if (w.c() % groups != 0 || f % groups != 0) {
      diags.error(args.pos("groups"), name() + ": groups " + groups + " must divide both the " + w.c()
          + " input channels and the " + f + " filters; use a groups value that divides both"
          + (w.c() % groups == 0 ? " or a multiple of " + groups + " filters" : ""));
      return null;
    }
    long taps = (long) w.c() * w.kh() * w.kw();
    long col = taps * w.oh() * w.ow();
    if (taps * (f / groups) > dev.netc.codegen.base.Limits.MAX_PARAMETERS
        || col / Math.max(1, taps) != (long) w.oh() * w.ow() || col > dev.netc.codegen.base.Limits.MAX_ELEMENTS) {
      diags.error(args.pos("kernel"), name() + ": kernel " + w.kernelText() + " over " + w.c()
          + " channels needs an im2col workspace of " + col + " floats per example, over the limit of "
          + dev.netc.codegen.base.Limits.MAX_ELEMENTS + "; use a smaller kernel, fewer channels or a stride");
      return null;
    }
    return dims == 2 ? Shape.of(f, w.oh(), w.ow()) : Shape.of(f, w.ow());
  }

  private Window window(Shape input, Args args) {
    return Window.of(name(), dims, input, args, "kernel", "stride", "dilation");
  }

  private static Activation activation(Args args) {
    return Activation.fromDsl(args.enumArg("activation"));
  }

  @Override
  public String describe(Args args) {
    int[] k = args.intListArg("kernel");
    String kt = dims == 1 ? Integer.toString(k[0])
        : k.length == 1 ? k[0] + "x" + k[0] : k[0] + "x" + k[1];
    Activation a = activation(args);
    // filters show in the output shape; the activation comes early so the 22-column summary keeps it
    int groups = args.intArg("groups");
    String grouped = groups == 1 ? "" : " " + groups + " groups";
    return name() + " " + kt + grouped + (a == Activation.LINEAR ? "" : " + " + a.dslName())
        + (args.boolArg("bias") ? "" : " (no bias)");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    Window w = window(input, args);
    int groups = args.intArg("groups");
    int f = args.intArg("filters");
    int fg = f / groups;
    Init init = activation(args).initializer(args.enumArg("init"));
    // each output sees its group's channels, each input feeds its group's filters
    int fanIn = w.c() / groups * w.area();
    int fanOut = fg * w.area();
    Shape shape = dims == 2 ? Shape.of(w.c(), w.kh(), w.kw(), fg) : Shape.of(w.c(), w.kw(), fg);
    ParamSpec weight = new ParamSpec("weight", shape, init, fanIn, fanOut);
    if (!args.boolArg("bias")) {
      return List.of(weight);
    }
    return List.of(weight, new ParamSpec("bias", Shape.of(f), Init.ZEROS, fanIn, fanOut));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    Window w = window(input, args);
    long k = (long) w.c() / args.intArg("groups") * w.area();
    return 2 * k * output.size() + output.size() * (1 + activation(args).flopsPerElement());
  }

  @Override
  public Window convolution(Shape input, Args args) {
    return window(input, args);
  }

  @Override
  public int convolutionGroups(Args args) {
    return args.intArg("groups");
  }

  private ConvLayer layer(Shape input, Args args) {
    return new ConvLayer(window(input, args), args.intArg("filters"), args.intArg("groups"), args.boolArg("bias"),
        activation(args));
  }

  /** im2col's: the most any variant keeps. */
  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    return extraBuffers(input, output, args, Kernel.IM2COL);
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args, Kernel kernel) {
    return ConvVariant.of(kernel).buffers(layer(input, args));
  }

  @Override
  public void emitForward(LayerCode c) {
    ConvVariant.of(c.kernel()).forward(c, layer(c.inShape(), c.args()));
  }

  @Override
  public void emitBackward(LayerCode c) {
    ConvVariant.of(c.kernel()).backward(c, layer(c.inShape(), c.args()));
  }
}
