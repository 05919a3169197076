package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import dev.netc.runtime.PositionalEncoding;
import java.util.List;

/**
 * {@code positional_embedding(kind: learned | sinusoidal)} on a sequence {@code [T, D]}: adds to
 * each position's vector a vector that says where it is, so that later layers that mix positions
 * (attention, pooling) can tell them apart. The shape is unchanged.
 *
 * <ul>
 *   <li>{@code learned}: a trainable {@code table [T, D]}, N(0, 0.02²) at initialization (BERT,
 *       GPT-2); backward adds the output gradient, summed over the batch, to it.
 *   <li>{@code sinusoidal}: the fixed table of {@link PositionalEncoding} (sin on even features,
 *       cos on odd ones, "Attention is all you need"); no parameters. The runtime computes it once
 *       per shape and the layer reads the shared table, allocating nothing per call.
 * </ul>
 *
 * <p>The input's gradient is the output's (copied, or added when the input feeds other layers too).
 */
public final class PositionalEmbeddingOp implements Op {
  private static final List<String> KINDS = List.of("learned", "sinusoidal");

  @Override
  public String name() {
    return "positional_embedding";
  }

  @Override
  public String doc() {
    return "add a position vector to each step of [time, features]: positional_embedding(kind: learned|sinusoidal)";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(ArgSpec.required("kind", ArgType.oneOf(KINDS),
        "learned (a trainable [time, features] table) or sinusoidal (fixed sin/cos, no parameters)"));
  }

  private static boolean learned(Args args) {
    return args.enumArg("kind").equals("learned");
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2) {
      diags.error(args.callPos(), "positional_embedding: expected a sequence [time, features], got "
          + input.describe() + (input.rank() == 1
              ? "; add reshape([" + input.dim(0) + ", 1]) for one feature per step, or embedding first for token ids"
              : "; add reshape([time, features]) first"));
      return null;
    }
    return input;
  }

  @Override
  public String describe(Args args) {
    // "positional_embedding sinusoidal" would not fit the summary table's op column
    return "positional " + args.enumArg("kind");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    if (!learned(args)) {
      return List.of();
    }
    return List.of(new ParamSpec("table", input, Init.SMALL_NORMAL, input.dim(0), input.dim(1)));
  }

  @Override
  public void emitForward(LayerCode c) {
    int n = c.inSize();
    Shape s = c.inShape();
    String table;
    Index at;
    if (learned(c.args())) {
      table = "p";
      at = Index.var(c.param("table"));
    } else {
      c.add("// the fixed sin/cos table, computed once per shape by the runtime and shared\n")
          .statement("float[] pe = $T.sinusoidal($L, $L)", PositionalEncoding.class, s.dim(0), s.dim(1));
      table = "pe";
      at = Index.ZERO;
    }
    c.begin("for (int b = 0; b < batch; b++)")
        .statement("int o = $L", Index.var("b").times(n))
        .loop("j", n, j -> c.statement("y[$L] = x[$L] + $L[$L]", Index.var("o").plus(j), Index.var("o").plus(j),
            table, at.plus(j)))
        .end();
  }

  @Override
  public void emitBackward(LayerCode c) {
    int n = c.inSize();
    if (learned(c.args())) {
      Index table = Index.var(c.param("table"));
      c.add("// the table is added to every example: its gradient is the sum over the batch\n")
          .begin("for (int b = 0; b < batch; b++)")
          .statement("int o = $L", Index.var("b").times(n))
          .loop("j", n, j -> c.statement("g[$L] += gy[$L]", table.plus(j), Index.var("o").plus(j)))
          .end();
    }
    c.beginInputGrad();
    if (c.accumulate()) {
      c.loop("i", LayerCode.batchTimes(n), i -> c.statement("gx[$L] += gy[$L]", i, i));
    } else {
      c.add("// an addition: the input's gradient is the output's\n")
          .copy("gy", 0, "gx", 0, LayerCode.batchTimes(n));
    }
    c.endInputGrad();
  }
}
