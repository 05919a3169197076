package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.List;

/**
 * A standalone element-wise activation ({@code relu}, {@code leaky_relu(alpha: 0.2)}, ...). The
 * function and its derivative come from {@link Activation}; the input stays in the workspace, so
 * the derivative may use it.
 */
public final class ActivationOp implements Op {
  private final Activation activation;

  public ActivationOp(Activation activation) {
    this.activation = activation;
  }

  @Override
  public String name() {
    return activation.dslName();
  }

  @Override
  public String doc() {
    return activation.dslName() + " activation, element-wise";
  }

  @Override
  public List<ArgSpec> args() {
    return switch (activation) {
      case LEAKY_RELU -> List.of(ArgSpec.optional("alpha", ArgType.nonNegative(),
          Activation.LEAKY_RELU_ALPHA, "slope for negative inputs"));
      case ELU -> List.of(ArgSpec.optional("alpha", ArgType.nonNegative(), Activation.ELU_ALPHA,
          "scale of the negative part"));
      default -> List.of();
    };
  }

  /**
   * The activation this op applies.
   * @return the activation
   */
  public Activation activation() {
    return activation;
  }

  /**
   * The activation's alpha as written, or 0.
   * @param args the layer's arguments
   * @return alpha
   */
  public double alpha(Args args) {
    return args.values().containsKey("alpha") ? args.floatArg("alpha") : 0;
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return output.size() * activation.flopsPerElement();
  }

  @Override
  public void emitForward(LayerCode c) {
    c.statement("int n = $L", LayerCode.batchTimes(c.outSize()))
        .begin("for (int k = 0; k < n; k++)")
        .statement("y[k] = $L", activation.forward("x[k]", alpha(c.args())))
        .end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    c.statement("int n = $L", LayerCode.batchTimes(c.outSize()))
        .beginInputGrad()
        .begin("for (int k = 0; k < n; k++)")
        .statement("gx[k] $L gy[k] * ($L)", c.gxAssign(),
            activation.derivative("x[k]", "y[k]", alpha(c.args())))
        .end()
        .endInputGrad();
  }
}
