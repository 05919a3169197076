package dev.netc.codegen.ops;

import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import dev.netc.runtime.Init;
import java.util.Arrays;
import java.util.List;

/**
 * Element-wise activations: the forward expression and its derivative side by side. The
 * derivative is written in terms of the output {@code y} where that is exact, so the
 * pre-activation need not be kept; GELU and SiLU need their input and say so.
 */
public enum Activation {
  LINEAR("linear", false),
  SIGMOID("sigmoid", false),
  TANH("tanh", false),
  RELU("relu", false),
  LEAKY_RELU("leaky_relu", false),
  ELU("elu", false),
  GELU("gelu", true),
  SILU("silu", true),
  SOFTPLUS("softplus", false);

  static final ClassName ACTIVATIONS = ClassName.get("dev.netc.runtime", "Activations");

  /** Default slope of leaky_relu and scale of elu, as in PyTorch. */
  public static final double LEAKY_RELU_ALPHA = 0.01;

  public static final double ELU_ALPHA = 1.0;

  private final String dslName;
  private final boolean needsInput;

  Activation(String dslName, boolean needsInput) {
    this.dslName = dslName;
    this.needsInput = needsInput;
  }

  public String dslName() {
    return dslName;
  }

  /** Whether the derivative needs the pre-activation value, not just the output. */
  public boolean needsInput() {
    return needsInput;
  }

  public static List<String> dslNames() {
    return Arrays.stream(values()).map(Activation::dslName).toList();
  }

  public static Activation fromDsl(String name) {
    for (Activation a : values()) {
      if (a.dslName.equals(name)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown activation " + name);
  }

  /** The activation of {@code x} as a float expression; {@code alpha} for leaky_relu and elu. */
  public CodeBlock forward(String x, double alpha) {
    return switch (this) {
      case LINEAR -> CodeBlock.of("$L", x);
      case SIGMOID -> CodeBlock.of("$T.sigmoid($L)", ACTIVATIONS, x);
      case TANH -> CodeBlock.of("$T.tanh($L)", ACTIVATIONS, x);
      // Math.max instead of a ternary: a data-dependent branch mispredicts on half the units
      // and keeps C2 from vectorizing the loop (50x slower on a batch of conv outputs)
      case RELU -> CodeBlock.of("Math.max($L, 0f)", x);
      case LEAKY_RELU -> alpha >= 0 && alpha <= 1
          ? CodeBlock.of("Math.max($L, $L * $L)", x, LayerCode.f(alpha), x)
          : CodeBlock.of("$L > 0f ? $L : $L * $L", x, x, LayerCode.f(alpha), x);
      case ELU -> CodeBlock.of("$T.elu($L, $L)", ACTIVATIONS, x, LayerCode.f(alpha));
      case GELU -> CodeBlock.of("$T.gelu($L)", ACTIVATIONS, x);
      case SILU -> CodeBlock.of("$T.silu($L)", ACTIVATIONS, x);
      case SOFTPLUS -> CodeBlock.of("$T.softplus($L)", ACTIVATIONS, x);
    };
  }

  /**
   * The derivative as a float expression of the output {@code y}, or of the input {@code x} when
   * {@link #needsInput()}.
   */
  public CodeBlock derivative(String x, String y, double alpha) {
    return switch (this) {
      case LINEAR -> CodeBlock.of("1f");
      case SIGMOID -> CodeBlock.of("$L * (1f - $L)", y, y);
      case TANH -> CodeBlock.of("1f - $L * $L", y, y);
      // step functions without branches, for the same reason as in forward
      case RELU -> CodeBlock.of("$T.step($L)", ACTIVATIONS, y);
      case LEAKY_RELU -> CodeBlock.of("$T.leakyStep($L, $L)", ACTIVATIONS, y, LayerCode.f(alpha));
      case ELU -> CodeBlock.of("$T.eluGradFromOutput($L, $L)", ACTIVATIONS, y, LayerCode.f(alpha));
      case GELU -> CodeBlock.of("$T.geluGrad($L)", ACTIVATIONS, x);
      case SILU -> CodeBlock.of("$T.siluGrad($L)", ACTIVATIONS, x);
      case SOFTPLUS -> CodeBlock.of("$T.softplusGradFromOutput($L)", ACTIVATIONS, y);
    };
  }

  /**
   * The weight initializer for a layer with this activation: the {@code init} argument when it
   * names one, else He normal for ReLU-like activations and Xavier uniform for the rest.
   */
  public Init initializer(String initArg) {
    return switch (initArg) {
      case "xavier_uniform" -> Init.XAVIER_UNIFORM;
      case "xavier_normal" -> Init.XAVIER_NORMAL;
      case "he_normal" -> Init.HE_NORMAL;
      case "he_uniform" -> Init.HE_UNIFORM;
      default -> switch (this) {
        case RELU, LEAKY_RELU, ELU, GELU, SILU -> Init.HE_NORMAL;
        default -> Init.XAVIER_UNIFORM;
      };
    };
  }

  /** FLOPs per element, roughly: what the summary reports. */
  public int flopsPerElement() {
    return switch (this) {
      case LINEAR -> 0;
      case RELU, LEAKY_RELU -> 1;
      default -> 4;
    };
  }
}
