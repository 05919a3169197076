package dev.netc.codegen.ops;

/**
 * The convolution variants that work one example at a time, reading the input where it lies:
 * forward is the variant's products into zeroed outputs, then {@link ConvEpilogue} in place (bias
 * and activation); backward is the activation's derivative, the bias gradient, then the
 * variant's weight and input gradients. Subclasses write the products; they see {@code xo} and
 * {@code yo}, the example's offsets in x (gx) and y (gy).
 */
abstract sealed class PerExampleConv implements ConvVariant permits PointwiseConv {
  static final Index XO = Index.var("xo");
  static final Index YO = Index.var("yo");

  /** y[yo ...] += the layer's product for the example at {@code xo}. */
  abstract void product(LayerCode c, ConvLayer l);

  /** g += the weight gradient and gx (=|+=) the input gradient of the example. */
  abstract void productGradients(LayerCode c, ConvLayer l);

  @Override
  public final void forward(LayerCode c, ConvLayer l) {
    int pl = l.positions();
    Loop b = exampleLoop(c);
    c.zero("y", YO, YO.plus(c.outSize()));
    product(c, l);
    c.loop("f", l.filters(), f -> {
      Index row = YO.plus(f.times(pl));
      ConvEpilogue.write(c, l, f, "y", row, row, pl);
    });
    c.end(b);
  }

  @Override
  public final void backward(LayerCode c, ConvLayer l) {
    Loop b = exampleLoop(c);
    c.activationGradient(l.act(), l.alpha(), YO, YO.plus(c.outSize()));
    biasGradient(c, l);
    productGradients(c, l);
    c.end(b);
  }

  /** The bias gradient of the example at {@code yo}: each filter's outputs of gy summed. */
  static void biasGradient(LayerCode c, ConvLayer l) {
    if (!l.bias()) {
      return;
    }
    int pl = l.positions();
    Index bias = Index.var(c.param("bias"));
    c.loop("f", l.filters(), f -> {
      c.statement("int r = $L", YO.plus(f.times(pl)))
          .statement("float s = 0f")
          .loop("q", pl, q -> c.statement("s += gy[$L]", Index.var("r").plus(q)))
          .statement("g[$L] += s", bias.plus(f));
    });
  }

  /** Opens the loop over the batch with the example's offsets {@code xo} and {@code yo}. */
  private static Loop exampleLoop(LayerCode c) {
    Loop b = c.beginLoop("b", "batch");
    c.statement("int xo = $L", b.index().times(c.inSize()))
        .statement("int yo = $L", b.index().times(c.outSize()));
    return b;
  }
}
