package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.LossKind;
import java.util.List;
import java.util.Map;

/**
 * A loss: its argument schema, its value and its gradient with respect to the network output,
 * emitted side by side. Bodies see {@code float[] y} (output), {@code float[] t} (targets, {@link
 * #targetSize} floats per example), {@code float[] gy} (gradient of the output), {@code int
 * batch}, the loss's resolved arguments as {@link LayerCode#args()} and the {@link #constants}
 * by name. The value body returns the mean loss; it runs before the gradient body on the same
 * workspace and may leave intermediate results in {@code gy} for it (softmax cross-entropy
 * leaves the probabilities there).
 */
public interface LossDef {

  /**
   * Values per weight argument at most: the generated class holds them as an array constant, about
   * 7 bytes of its static initializer each, which must stay under the JVM's 64 KB per method.
   */
  int MAX_WEIGHTS = 4096;

  String name();

  String doc();

  LossKind kind();

  /** The arguments the loss accepts, resolved by {@link ArgResolver} as an op's are. */
  default List<ArgSpec> args() {
    return List.of();
  }

  /**
   * Checks the resolved arguments against the network's output shape, reporting at the
   * argument's position ({@link Args#pos}); false after reporting.
   */
  default boolean check(Shape output, Args args, Diagnostics diags) {
    return true;
  }

  /** Floats per target example: the output's size unless the loss reads targets differently. */
  default int targetSize(Shape output, Args args) {
    return Math.toIntExact(output.size());
  }

  /**
   * Arrays the bodies read by name, written into the generated class as {@code private static
   * final float[]} fields (per-class weights): a loss method allocates nothing per call.
   */
  default Map<String, float[]> constants(Shape output, Args args) {
    return Map.of();
  }

  void emitValue(LayerCode code, Shape output);

  void emitGradient(LayerCode code, Shape output);

  /** Reports a weight list longer than {@link #MAX_WEIGHTS} at the argument; false then. */
  static boolean weightsWithinLimit(String loss, String arg, Args args, Diagnostics diags) {
    int n = args.floatListArg(arg).length;
    if (n > MAX_WEIGHTS) {
      diags.error(args.pos(arg), loss + ": " + arg + " has " + n + " values, more than the " + MAX_WEIGHTS
          + " netc supports (the generated class holds them as a constant); leave " + arg + " out");
      return false;
    }
    return true;
  }

  /** Floats per row: the class axis for per-row losses. */
  static int lastDim(Shape s) {
    return s.dim(s.rank() - 1);
  }
}
