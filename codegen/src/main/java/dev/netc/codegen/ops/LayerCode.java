package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.plan.Kernel;
import java.util.Map;

/**
 * What an op's emitter needs to write one layer's method body: the node, its sizes, the names of
 * its parameter offset constants, the kernel the cost model chose, and the builder to write into.
 */
public final class LayerCode {
  private final Node node;
  private final Map<String, String> paramConstants;
  private final boolean accumulate;
  private final boolean inputGradOptional;
  private final Kernel kernel;
  private final CodeBlock.Builder body = CodeBlock.builder();

  public LayerCode(
      Node node, Map<String, String> paramConstants, boolean accumulate, boolean inputGradOptional) {
    this(node, paramConstants, accumulate, inputGradOptional, Kernel.GEMM);
  }

  public LayerCode(Node node, Map<String, String> paramConstants, boolean accumulate,
      boolean inputGradOptional, Kernel kernel) {
    this.node = node;
    this.paramConstants = paramConstants;
    this.accumulate = accumulate;
    this.inputGradOptional = inputGradOptional;
    this.kernel = kernel;
  }

  public Node node() {
    return node;
  }

  public Args args() {
    return node.args();
  }

  /** Floats per example of the input. */
  public int inSize() {
    return (int) node.input().shape().size();
  }

  /** Floats per example of the output. */
  public int outSize() {
    return (int) node.shape().size();
  }

  /** Name of the constant holding the offset of parameter {@code role}, e.g. {@code DENSE_1_WEIGHT}. */
  public String param(String role) {
    String c = paramConstants.get(role);
    if (c == null) {
      throw new IllegalStateException(node.name() + " has no parameter " + role);
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
