package dev.netc.codegen.ops;

import com.squareup.javapoet.CodeBlock;
import dev.netc.runtime.kernels.Gemm;
import java.util.Objects;

/**
 * One call of the runtime's matrix product ({@link Gemm}) with named operands, so an emitter says
 * which array is which instead of lining up thirteen positional arguments. {@code C[m, n] (+)=
 * op(A) · op(B)} over {@code k}:
 *
 * <pre>{@code
 * c.gemm(GemmCall.nn(rows, out, in)
 *     .a("x", 0, in)
 *     .b("p", c.param("weight"), out)
 *     .c("y", 0, out)
 *     .accumulate(bias));
 * }</pre>
 *
 * renders {@code Gemm.nn(rows, out, in, x, 0, in, p, DENSE_1_WEIGHT, out, y, 0, out, bias)}: the
 * same arguments in the same order as the runtime's signature. Sizes, offsets and leading
 * dimensions may be ints, {@link Index} expressions or Java expressions as strings.
 */
public final class GemmCall {
  private final String variant;
  private final Object m;
  private final Object n;
  private final Object k;
  private Operand a;
  private Operand b;
  private Operand c;
  private Object accumulate;

  /** An array, the offset of the operand's first element and its leading dimension. */
  private record Operand(String array, Object offset, Object ld) {}

  private GemmCall(String variant, Object m, Object n, Object k) {
    this.variant = variant;
    this.m = Objects.requireNonNull(m, "m");
    this.n = Objects.requireNonNull(n, "n");
    this.k = Objects.requireNonNull(k, "k");
  }

  /** {@code C[m, n] (+)= A[m, k] · B[k, n]}. */
  public static GemmCall nn(Object m, Object n, Object k) {
    return new GemmCall("nn", m, n, k);
  }

  /** {@code C[m, n] (+)= Aᵀ · B[k, n]} with A stored {@code [k, m]}. */
  public static GemmCall tn(Object m, Object n, Object k) {
    return new GemmCall("tn", m, n, k);
  }

  /** {@code C[m, n] (+)= A[m, k] · Bᵀ} with B stored {@code [n, k]}. */
  public static GemmCall nt(Object m, Object n, Object k) {
    return new GemmCall("nt", m, n, k);
  }

  /** The left operand: {@code array} from {@code offset}, rows {@code ld} floats apart. */
  public GemmCall a(String array, Object offset, Object ld) {
    a = new Operand(array, offset, ld);
    return this;
  }

  /** The right operand. */
  public GemmCall b(String array, Object offset, Object ld) {
    b = new Operand(array, offset, ld);
    return this;
  }

  /** The result. */
  public GemmCall c(String array, Object offset, Object ld) {
    c = new Operand(array, offset, ld);
    return this;
  }

  /** Whether the product is added to C ({@code true}) or overwrites it. */
  public GemmCall accumulate(boolean add) {
    accumulate = add;
    return this;
  }

  /** Whether to add, decided at run time by a boolean Java expression. */
  public GemmCall accumulate(String expression) {
    accumulate = expression;
    return this;
  }

  /** The call as a Java expression (without the semicolon). */
  public CodeBlock render() {
    if (a == null || b == null || c == null || accumulate == null) {
      throw new IllegalStateException("Gemm." + variant + " needs a, b, c and accumulate");
    }
    return CodeBlock.builder()
        .add("$T.$L($L, $L, $L", Gemm.class, variant, m, n, k)
        .add(", $L, $L, $L", a.array, a.offset, a.ld)
        .add(", $L, $L, $L", b.array, b.offset, b.ld)
        .add(", $L, $L, $L", c.array, c.offset, c.ld)
        .add(", $L)", accumulate)
        .build();
  }

  @Override
  public String toString() {
    return render().toString();
  }
}
