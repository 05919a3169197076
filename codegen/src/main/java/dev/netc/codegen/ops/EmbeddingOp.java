package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code embedding(vocab, dim)}: token ids {@code [T]} to vectors {@code [T, dim]} by looking up
 * rows of a {@code table [vocab, dim]} (Xavier uniform).
 *
 * <p>Token ids arrive in the model's float[] input (an {@code int[T]} input is a float[T] at run
 * time): every id below 2^24 is exact in float. An id is rounded to the nearest integer and must
 * lie in {@code [0, vocab)}, else the forward pass throws. Backward scatters (adds) the output
 * gradient into the table rows that were read; ids are discrete, so there is no input gradient
 * (it is written as zero when asked for).
 */
public final class EmbeddingOp implements Op {

  /** The argument key under which an input node records its element type. */
  public static final String ELEMENT_TYPE = "element_type";

  /** Arguments of an {@code int[...]} input node: what {@link #isIntInput} recognizes. */
  public static Args intInputArgs(dev.netc.dsl.SourcePos pos) {
    return new Args(Map.of(ELEMENT_TYPE, "int"), Map.of(), pos);
  }

  /** Whether {@code node} is an {@code int[...]} input (token ids), which only embedding consumes. */
  public static boolean isIntInput(Node node) {
    return node != null && node.isInput() && node.args() != null
        && "int".equals(node.args().values().get(ELEMENT_TYPE));
  }

  @Override
  public String name() {
    return "embedding";
  }

  @Override
  public String doc() {
    return "token ids to vectors: embedding(vocab, dim) on int[T] -> [T, dim]";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("vocab", ArgType.positiveInt(), "number of distinct token ids"),
        ArgSpec.required("dim", ArgType.positiveInt(), "vector size"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (args.intArg("vocab") > (1 << 24)) {
      diags.error(args.pos("vocab"), "embedding: vocab " + args.intArg("vocab")
          + " is more than 2^24 = 16777216, the largest id a float holds exactly");
      return null;
    }
    int[] dims = input.dims();
    int[] out = Arrays.copyOf(dims, dims.length + 1);
    out[dims.length] = args.intArg("dim");
    return Shape.of(out);
  }

  @Override
  public String describe(Args args) {
    return "embedding " + args.intArg("vocab") + " x " + args.intArg("dim");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    int vocab = args.intArg("vocab");
    int dim = args.intArg("dim");
    return List.of(new ParamSpec("table", Shape.of(vocab, dim), Init.XAVIER_UNIFORM, vocab, dim));
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return 0;
  }

  @Override
  public void emitForward(LayerCode c) {
    int vocab = c.args().intArg("vocab");
    int dim = c.args().intArg("dim");
    c.loop("r", LayerCode.batchTimes(c.inSize()), r -> c.statement("int id = Math.round(x[$L])", r)
        .begin("if (id < 0 || id >= $L)", vocab)
        .statement("throw new IllegalArgumentException($S + x[$L] + $S)",
            c.name() + ": token id ", r, " is outside [0, " + vocab + ")")
        .end()
        .copy("p", Index.var(c.param("table")).plus(Index.var("id").times(dim)), "y", r.times(dim), dim));
  }

  @Override
  public void emitBackward(LayerCode c) {
    int dim = c.args().intArg("dim");
    Index table = Index.var(c.param("table"));
    c.add("// scatter: each looked-up row gets its output gradient added\n")
        .loop("r", LayerCode.batchTimes(c.inSize()), r -> c
            .statement("int w = $L", table.plus(Index.var("Math.round(x[" + r + "])").times(dim)))
            .statement("int o = $L", r.times(dim))
            .loop("j", dim, j -> c.statement("g[$L] += gy[$L]", Index.var("w").plus(j), Index.var("o").plus(j))));
    if (!c.accumulate()) {
      c.beginInputGrad()
          .add("// token ids are discrete: no gradient flows to them\n")
          .zero("gx", 0, LayerCode.batchTimes(c.inSize()))
          .endInputGrad();
    }
  }
}
