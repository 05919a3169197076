package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;
import dev.netc.codegen.base.Shape;
import java.util.Map;

/**
 * What an op's emitter needs to write one layer's method body: the layer's name, input and output
 * shapes and arguments, the names of its parameter offset constants, the kernel the plan chose, and
 * the builder to write into. It knows nothing of the graph, so ops stay below the IR.
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
  private final CodeBlock.Builder body = CodeBlock.builder();

  public LayerCode(String name, Shape inShape, Shape outShape, Args args,
      Map<String, String> paramConstants, boolean accumulate, boolean inputGradOptional, Kernel kernel) {
    this.name = name;
    this.inShape = inShape;
    this.outShape = outShape;
    this.args = args;
    this.paramConstants = paramConstants;
    this.accumulate = accumulate;
    this.inputGradOptional = inputGradOptional;
    this.kernel = kernel;
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
