package dev.netc.codegen.ops;

import dev.netc.codegen.ops.Op.ExtraBuffer;
import java.util.List;

/**
 * One way of writing a convolution's forward and backward code. The plan chooses it per layer
 * ({@link LayerCode#kernel()}); {@link ConvOp} only hands the layer to it.
 */
sealed interface ConvVariant permits Im2colConv, PerExampleConv, DirectConv {

  /** The variant that writes {@code kernel}; a kernel that is no convolution's is a planning bug. */
  static ConvVariant of(Kernel kernel) {
    return switch (kernel) {
      case IM2COL -> Im2colConv.INSTANCE;
      case POINTWISE -> PointwiseConv.INSTANCE;
      case DIRECT -> DirectConv.INSTANCE;
      default -> throw new IllegalStateException(
          "a convolution was planned with kernel " + kernel.label() + "; expected im2col, pointwise or direct");
    };
  }

  /** The workspace the variant keeps between forward and backward. */
  List<ExtraBuffer> buffers(ConvLayer layer);

  void forward(LayerCode c, ConvLayer layer);

  void backward(LayerCode c, ConvLayer layer);
}
