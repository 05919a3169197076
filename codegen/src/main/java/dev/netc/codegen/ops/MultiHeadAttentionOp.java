package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.runtime.Init;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code multi_head_attention(heads, key_dim: D / heads, causal: false)}: scaled dot-product
 * self-attention over a sequence {@code [T, D]}, giving {@code [T, D]}. Each of {@code heads}
 * heads attends with its own {@code key_dim}-wide slice of the query, key and value projections
 * ({@code D -> heads * key_dim}, with bias); the heads' results side by side go through the output
 * projection ({@code heads * key_dim -> D}, with bias):
 *
 * <pre>
 * Q = x Wq + bq, K = x Wk + bk, V = x Wv + bv              [T, heads * key_dim]
 * P_h = softmax(Q_h K_hᵀ / sqrt(key_dim))  (row-wise; causal: position t sees 0..t)   [T, T]
 * context_h = P_h V_h;  y = context Wo + bo                 [T, D]
 * </pre>
 *
 * as PyTorch's {@code nn.MultiheadAttention} (with the same weights, transposed to netc's {@code
 * [in, out]}) when {@code key_dim = D / heads}. Every product calls the runtime's {@code Gemm}:
 * the projections as one product over all {@code batch * T} rows, the scores and the weighted
 * values once per example and head on strided slices. Q, K, V, the probabilities and the context
 * stay in the layer's workspace for the backward pass ({@link AttentionCode}).
 */
public final class MultiHeadAttentionOp implements Op {

  /** The four projections, in parameter order: query, key, value, output. */
  static final List<String> PROJECTIONS = List.of("query", "key", "value", "output");

  @Override
  public String name() {
    return "multi_head_attention";
  }

  @Override
  public String doc() {
    return "self-attention over [T, D]: multi_head_attention(heads, key_dim: D / heads, causal: false)"
        + " -> [T, D]";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of(
        ArgSpec.required("heads", ArgType.positiveInt(), "attention heads"),
        // 0 stands for D / heads, which depends on the input
        ArgSpec.optional("key_dim", ArgType.positiveInt(), 0L, "width of each head's query, key and value"),
        ArgSpec.optional("causal", ArgType.bool(), false, "position t attends only to positions 0..t"));
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    if (input.rank() != 2) {
      diags.error(args.callPos(), "multi_head_attention: expected input [T, D] (positions, model width), got "
          + input.describe() + (input.rank() == 1 ? "; reshape a single vector to [T, D] first" : ""));
      return null;
    }
    int width = input.dim(1);
    int heads = args.intArg("heads");
    if (args.intArg("key_dim") == 0 && width % heads != 0) {
      diags.error(args.pos("heads"), "multi_head_attention: " + heads + " heads do not divide the model width "
          + width + "; use a number of heads that divides " + width + ", or give key_dim");
      return null;
    }
    long projected = (long) heads * keyDim(input, args);
    long scores = (long) heads * input.dim(0) * input.dim(0);
    if (projected > Integer.MAX_VALUE / Math.max(1, input.dim(0)) || scores > Integer.MAX_VALUE) {
      diags.error(args.callPos(), "multi_head_attention: " + heads + " heads of " + keyDim(input, args)
          + " over " + input.dim(0) + " positions need more than 2^31 floats per example; use fewer heads"
          + " or a shorter sequence");
      return null;
    }
    return input;
  }

  /** {@code key_dim}, or {@code D / heads} when not given. */
  static int keyDim(Shape input, Args args) {
    int given = args.intArg("key_dim");
    return given != 0 ? given : input.dim(1) / args.intArg("heads");
  }

  @Override
  public List<ParamSpec> parameters(Shape input, Args args) {
    int width = input.dim(1);
    int inner = args.intArg("heads") * keyDim(input, args);
    List<ParamSpec> out = new ArrayList<>();
    for (String proj : PROJECTIONS) {
      int in = proj.equals("output") ? inner : width;
      int units = proj.equals("output") ? width : inner;
      out.add(new ParamSpec(proj + "_weight", Shape.of(in, units), Init.XAVIER_UNIFORM, in, units));
      out.add(new ParamSpec(proj + "_bias", Shape.of(units), Init.ZEROS, in, units));
    }
    return out;
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    long t = input.dim(0);
    long d = input.dim(1);
    long heads = args.intArg("heads");
    long inner = heads * keyDim(input, args);
    // four projections, scores and weighted values, softmax
    return 2 * t * d * inner * 4 + 2 * t * t * inner * 2 + 5 * heads * t * t;
  }

  @Override
  public String describe(Args args) {
    // short enough for the summary's op column: "mha 4 heads causal", "mha 4x16" (heads x key_dim)
    int keyDim = args.intArg("key_dim");
    return "mha " + args.intArg("heads") + (keyDim == 0 ? " heads" : "x" + keyDim)
        + (args.boolArg("causal") ? " causal" : "");
  }

  @Override
  public String fixedKernelReason() {
    return "attention: every product on Gemm";
  }

  @Override
  public List<ExtraBuffer> extraBuffers(Shape input, Shape output, Args args) {
    long t = input.dim(0);
    long inner = (long) args.intArg("heads") * keyDim(input, args);
    long rows = t * inner;
    return List.of(
        new ExtraBuffer("query", rows, "Q = x Wq + bq, [T, heads * key_dim]"),
        new ExtraBuffer("key", rows, "K = x Wk + bk"),
        new ExtraBuffer("value", rows, "V = x Wv + bv"),
        new ExtraBuffer("probs", args.intArg("heads") * t * t, "attention probabilities per head, [heads, T, T]"),
        new ExtraBuffer("context", rows, "P_h V_h of every head side by side, the output projection's input"),
        new ExtraBuffer("dcontext", rows, "backward: gradient of the context"),
        new ExtraBuffer("dscores", t * t, "backward: gradient of one head's probabilities, then of its scores"),
        new ExtraBuffer("dquery", rows, "backward: gradient of Q"),
        new ExtraBuffer("dkey", rows, "backward: gradient of K"),
        new ExtraBuffer("dvalue", rows, "backward: gradient of V"));
  }

  @Override
  public void emitForward(LayerCode c) {
    new AttentionCode(c).forward();
  }

  @Override
  public void emitBackward(LayerCode c) {
    new AttentionCode(c).backward();
  }
}
