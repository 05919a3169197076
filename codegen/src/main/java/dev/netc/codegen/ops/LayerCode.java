package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;
import dev.netc.codegen.base.Shape;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What an op's emitter needs to write one layer's method body: the layer's name, input and output
 * shapes and arguments, the names of its parameter offset constants, the kernel the plan chose, and
 * the builder to write into. It knows nothing of the graph, so ops stay below the IR.
 *
 * <p>Besides the raw {@link #statement}/{@link #begin}/{@link #end} it offers a small typed
 * vocabulary, so generated code reads as if written by hand: {@link #gemm} with named operands,
 * {@link #fill}/{@link #zero}/{@link #copy} with the JDK types imported, {@link #activate} and
 * {@link #activationGradient}, and counted loops ({@link #loop}) that fold away when they run
 * once. Indices are {@link Index} expressions, constant-folded: no {@code * 1}, {@code + 0}.
 */
public final class LayerCode {
  private final String name;
  private final Shape inShape;
  private final Shape outShape;
  private final Args args;
  private final Map<String, String> paramConstants;
  private final boolean accumulate;
  private final boolean inputGradOptional;
  private final Kernel kernel;
  /** Every input's shape, and per input whether its gradient is added to and whether it may be null. */
  private final List<Shape> inShapes;
  private final List<Boolean> accumulates;
  private final List<Boolean> optionals;
  private final CodeBlock.Builder body = CodeBlock.builder();
  /** What the methods call each input: x (or x0, x1, ... for a merge) unless set. */
  private List<String> inputNames;
  /** The batch norm (and activation) folded into this layer's inference method, or null. */
  private Fold fold;
  private boolean foldApplied;

  public LayerCode(String name, Shape inShape, Shape outShape, Args args,
      Map<String, String> paramConstants, boolean accumulate, boolean inputGradOptional, Kernel kernel) {
    this(name, List.of(inShape), outShape, args, paramConstants, List.of(accumulate),
        List.of(inputGradOptional), kernel);
  }

  /**
   * A layer reading several inputs (a merge such as {@code add} or {@code concat}): its methods see
   * {@code x0, x1, ...} and write {@code gx0, gx1, ...}, each with its own {@code =} or {@code +=}
   * and its own null guard.
   */
  public LayerCode(String name, List<Shape> inShapes, Shape outShape, Args args,
      Map<String, String> paramConstants, List<Boolean> accumulates, List<Boolean> optionals,
      Kernel kernel) {
    this.name = name;
    this.inShapes = List.copyOf(inShapes);
    this.inShape = inShapes.get(0);
    this.outShape = outShape;
    this.args = args;
    this.paramConstants = paramConstants;
    this.accumulates = List.copyOf(accumulates);
    this.optionals = List.copyOf(optionals);
    this.accumulate = accumulates.get(0);
    this.inputGradOptional = optionals.get(0);
    this.kernel = kernel;
  }

  /**
   * Names the inputs as the layer's methods do, e.g. {@code x, h0} for a recurrent layer with an
   * initial state; each gradient is {@code g} + that name.
   */
  public LayerCode inputNames(List<String> names) {
    this.inputNames = List.copyOf(names);
    return this;
  }

  /**
   * Emits the layer's inference method with {@code fold} applied in its output pass.
   * @param fold the folded batch norm and activation
   * @return this
   */
  public LayerCode fold(Fold fold) {
    this.fold = fold;
    return this;
  }

  /**
   * The batch norm folded into this layer at inference, or null (always null in training code).
   * @return the fold or null
   */
  public Fold fold() {
    return fold;
  }

  /** Called by an output pass that applied {@link #fold()}; otherwise a pass over y follows the body. */
  public void foldApplied() {
    this.foldApplied = true;
  }

  /**
   * Whether the body applied the fold itself.
   * @return whether {@link #foldApplied()} was called
   */
  public boolean isFoldApplied() {
    return foldApplied;
  }

  /** What the layer's methods call input {@code k}: x, x0, x1, ..., or an op's own name (h0). */
  public String inputName(int k) {
    if (inputNames != null) {
      return inputNames.get(k);
    }
    return inShapes.size() == 1 ? "x" : "x" + k;
  }

  /** The position of the input the methods call {@code name}, or -1 when the layer has none. */
  public int inputIndex(String name) {
    for (int k = 0; k < inShapes.size(); k++) {
      if (inputName(k).equals(name)) {
        return k;
      }
    }
    return -1;
  }

  /** How many inputs the layer reads. */
  public int inputCount() {
    return inShapes.size();
  }

  /** The shape of input {@code k}. */
  public Shape inShape(int k) {
    return inShapes.get(k);
  }

  /** "=" or "+=" for writes into {@code gx<k>}. */
  public String gxAssign(int k) {
    return accumulates.get(k) ? "+=" : "=";
  }

  /** Whether writes into {@code gx<k>} add to it. */
  public boolean accumulate(int k) {
    return accumulates.get(k);
  }

  /** Whether {@code gx<k>} may be null (no one asked for that gradient on this pass). */
  public boolean inputGradOptional(int k) {
    return optionals.get(k);
  }

  /** Opens {@code if (gx<k> != null)} when that gradient is optional; pair with {@link #endInputGrad(int)}. */
  public LayerCode beginInputGrad(int k) {
    if (optionals.get(k)) {
      body.beginControlFlow("if (g$L != null)", inputName(k));
    }
    return this;
  }

  public LayerCode endInputGrad(int k) {
    if (optionals.get(k)) {
      body.endControlFlow();
    }
    return this;
  }

  /** The layer's name in the .net file, e.g. {@code dense_1}. */
  public String name() {
    return name;
  }

  public Shape inShape() {
    return inShape;
  }

  public Shape outShape() {
    return outShape;
  }

  public Args args() {
    return args;
  }

  /** Floats per example of the input. */
  public int inSize() {
    return (int) inShape.size();
  }

  /** Floats per example of the output. */
  public int outSize() {
    return (int) outShape.size();
  }

  /** Name of the constant holding the offset of parameter {@code role}, e.g. {@code DENSE_1_WEIGHT}. */
  public String param(String role) {
    String c = paramConstants.get(role);
    if (c == null) {
      throw new IllegalStateException(name + " has no parameter " + role);
    }
    return c;
  }

  /** How the layer's matrix product is to be written (ops without one ignore it). */
  public Kernel kernel() {
    return kernel;
  }

  /** Whether the input gradient is added to ({@code +=}) rather than written ({@code =}). */
  public boolean accumulate() {
    return accumulate;
  }

  /** "=" or "+=" for writes into gx. */
  public String gxAssign() {
    return accumulate ? "+=" : "=";
  }

  /** Whether gx may be null (the input is the network input and its gradient was not asked for). */
  public boolean inputGradOptional() {
    return inputGradOptional;
  }

  public CodeBlock.Builder body() {
    return body;
  }

  public LayerCode add(String format, Object... args) {
    body.add(format, args);
    return this;
  }

  public LayerCode statement(String format, Object... args) {
    body.addStatement(format, args);
    return this;
  }

  public LayerCode begin(String controlFlow, Object... args) {
    body.beginControlFlow(controlFlow, args);
    return this;
  }

  public LayerCode nextControlFlow(String controlFlow, Object... args) {
    body.nextControlFlow(controlFlow, args);
    return this;
  }

  public LayerCode end() {
    body.endControlFlow();
    return this;
  }

  /** Opens {@code if (gx != null)} when the input gradient is optional; pair with {@link #endInputGrad}. */
  public LayerCode beginInputGrad() {
    if (inputGradOptional) {
      body.beginControlFlow("if (gx != null)");
    }
    return this;
  }

  public LayerCode endInputGrad() {
    if (inputGradOptional) {
      body.endControlFlow();
    }
    return this;
  }

  // ---- the typed vocabulary

  /** {@code Gemm.nn(...);} and its kin: one call of the runtime's matrix product. */
  public LayerCode gemm(GemmCall call) {
    body.addStatement("$L", call.render());
    return this;
  }

  /** {@code Arrays.fill(array, from, to, value);} */
  public LayerCode fill(String array, Object from, Object to, String value) {
    body.addStatement("$T.fill($L, $L, $L, $L)", Arrays.class, array, from, to, value);
    return this;
  }

  /** {@code Arrays.fill(array, from, to, 0f);} */
  public LayerCode zero(String array, Object from, Object to) {
    return fill(array, from, to, "0f");
  }

  /** {@code System.arraycopy(src, srcPos, dst, dstPos, length);} */
  public LayerCode copy(String src, Object srcPos, String dst, Object dstPos, Object length) {
    body.addStatement("$T.arraycopy($L, $L, $L, $L, $L)", System.class, src, srcPos, dst, dstPos, length);
    return this;
  }

  /**
   * Applies {@code act} in place to {@code y[from, to)}, keeping the input in {@code pre} when the
   * derivative needs it; nothing for linear.
   */
  public LayerCode activate(Activation act, double alpha, Object from, Object to) {
    if (act == Activation.LINEAR) {
      return this;
    }
    Loop j = beginLoop("j", from, to);
    String yj = "y[" + j.index() + "]";
    if (act.needsInput()) {
      body.addStatement("pre[$L] = $L", j.index(), yj);
    }
    body.addStatement("$L = $L", yj, act.forward(yj, alpha));
    return end(j);
  }

  /**
   * Turns {@code gy[from, to)} into the gradient of the pre-activation ({@code gy *= f'}), from
   * {@code y} or from {@code pre} as the activation needs; nothing for linear.
   */
  public LayerCode activationGradient(Activation act, double alpha, Object from, Object to) {
    if (act == Activation.LINEAR) {
      return this;
    }
    add("// through the $L: gy becomes the gradient of the pre-activation\n", act.dslName());
    Loop j = beginLoop("j", from, to);
    Index at = j.index();
    body.addStatement("gy[$L] *= $L", at, act.derivative("pre[" + at + "]", "y[" + at + "]", alpha));
    return end(j);
  }

  /**
   * Opens {@code for (int var = from; var < to; var++)}. When the bounds differ by the constant 1
   * nothing is written and the loop's index is {@code from} itself; close with {@link #end(Loop)}.
   * Locals declared in the body of such a loop land in the enclosing block.
   */
  public Loop beginLoop(String var, Object from, Object to) {
    Index start = index(from);
    Index stop = index(to);
    Index count = stop.minus(start);
    if (count.isConstant() && count.constant() == 1) {
      return new Loop(start, false);
    }
    body.beginControlFlow("for (int $L = $L; $L < $L; $L++)", var, start, var, stop, var);
    return new Loop(Index.var(var), true);
  }

  /** Opens {@code for (int var = 0; var < count; var++)}, or nothing when count is 1 (var is then 0). */
  public Loop beginLoop(String var, Object count) {
    return beginLoop(var, Index.ZERO, count);
  }

  /** Closes a loop from {@link #beginLoop}, if one was written. */
  public LayerCode end(Loop loop) {
    if (loop.open()) {
      body.endControlFlow();
    }
    return this;
  }

  /** {@code for (int var = 0; var < count; var++) { body }}, or just the body with var = 0 when count is 1. */
  public LayerCode loop(String var, Object count, Consumer<Index> loopBody) {
    return loop(var, Index.ZERO, count, loopBody);
  }

  /** {@code for (int var = from; var < to; var++) { body }}, or the body once with var = from. */
  public LayerCode loop(String var, Object from, Object to, Consumer<Index> loopBody) {
    Loop l = beginLoop(var, from, to);
    loopBody.accept(l.index());
    return end(l);
  }

  /** {@code batch * perExample}: a count or offset over the whole batch. */
  public static Index batchTimes(long perExample) {
    return Index.var("batch").times(Math.toIntExact(perExample));
  }

  /** An int, a Java expression or an {@link Index} as an Index. */
  public static Index index(Object value) {
    if (value instanceof Index i) {
      return i;
    }
    if (value instanceof Integer i) {
      return Index.of(i);
    }
    if (value instanceof Long l) {
      return Index.of(Math.toIntExact(l));
    }
    if (value instanceof String s) {
      return Index.var(s);
    }
    throw new IllegalArgumentException("not an index: " + value);
  }

  public CodeBlock build() {
    return body.build();
  }

  /** A float literal as Java source: {@code 0.01f}. */
  public static String f(double v) {
    float x = (float) v;
    if (x == Math.rint(x) && Math.abs(x) < 1e7) {
      return (long) x + ".0f";
    }
    return Float.toString(x) + "f";
  }
}
