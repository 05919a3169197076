package dev.netc.codegen.mutation;

import static dev.netc.codegen.mutation.MutationCase.mutant;

import dev.netc.codegen.mutation.MutationCase.Data;
import dev.netc.codegen.plan.KernelPolicy;
import java.util.List;

/** Mutants of the layers with parameters: conv, pool, normalization, recurrent, embedding, dense, attention. */
final class LayerMutations {
  private LayerMutations() {}

  private static final String CONV2D = """
      input x: float[2, 5, 5];
      conv2d(3, kernel: 3, stride: 2, padding: 1, activation: tanh);
      flatten;
      dense(3);
      loss mse;
      """;

  private static final String RNN = """
      input x: float[4, 2];
      rnn(3, sequences: true);
      time_dense(2);
      loss mse;
      """;

  private static final String LSTM = """
      input x: float[4, 2];
      lstm(3);
      dense(2);
      loss mse;
      """;

  private static final String GRU = """
      input x: float[4, 2];
      gru(3);
      dense(2);
      loss mse;
      """;

  private static final String BIDIRECTIONAL = """
      input x: float[4, 2];
      bidirectional(gru(3));
      dense(2);
      loss mse;
      """;

  private static final String ATTENTION = """
      input x: float[3, 4];
      multi_head_attention(heads: 2);
      flatten;
      dense(2);
      loss mse;
      """;

  private static final String BATCHNORM = """
      input x: float[3, 4];
      batchnorm;
      tanh;
      flatten;
      dense(2);
      loss mse;
      """;

  private static final String LAYERNORM = """
      input x: float[3, 4];
      layernorm;
      flatten;
      dense(2);
      loss mse;
      """;

  private static final String EMBEDDING = """
      input ids: int[4];
      embedding(vocab: 5, dim: 3);
      flatten;
      dense(3);
      loss mse;
      """;

  static List<MutationCase> cases() {
    return List.of(
        // ---- conv
        mutant("conv2d col2im overwrites").of("conv", "conv2d").network(CONV2D)
            .in("conv2d1Backward")
            .replace("gx[xr + ox * 2] += col[r + ox];", "gx[xr + ox * 2] = col[r + ox];")
            .because("+= became =: where 3x3 windows of stride 2 overlap, an input element keeps only "
                + "the last window's gradient"),
        mutant("conv2d bias over one example").of("conv", "conv2d").network(CONV2D)
            .in("conv2d1Backward")
            .replace("Elementwise.sum(yt, f * ld, ld)", "Elementwise.sum(yt, f * ld, 9)")
            .because("the bias gradient sums one example's 9 positions instead of the whole batch's row"),
        mutant("conv1d im2col stride").of("conv", "conv1d").network("""
            input x: float[2, 8];
            conv1d(3, kernel: 3, stride: 2, padding: same);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("conv1d1Forward")
            .replace("x[xr + ox * 2]", "x[xr + ox]")
            .because("the forward im2col steps by 1 instead of the stride 2 its backward assumes"),
        mutant("pointwise conv weight gradient per example").of("conv", "conv2d").network("""
            input x: float[3, 3, 3];
            conv2d(4, kernel: 1);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("conv2d1Backward")
            .replace("g, CONV2D_1_WEIGHT, 4, true);", "g, CONV2D_1_WEIGHT, 4, false);")
            .because("the 1x1 conv's per-example weight-gradient product overwrites instead of adding: "
                + "only the last example counts"),
        mutant("grouped conv weight gradient group offset").of("conv", "conv2d").network("""
            input x: float[4, 5, 5];
            conv2d(6, kernel: 3, padding: 1, groups: 2);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("conv2d1Backward")
            .replace("g, CONV2D_1_WEIGHT + gi * 54, 3, true);", "g, CONV2D_1_WEIGHT, 3, true);")
            .because("every channel group's weight gradient lands in group 0's block (offset per group forgotten)"),
        mutant("depthwise conv reads channel 0").of("conv", "conv2d").network("""
            input x: float[3, 5, 5];
            conv2d(3, kernel: 3, groups: 3, activation: tanh);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("conv2d1Forward")
            .replace("col, gi * ld * 9, ld, yt", "col, 0, ld, yt")
            .because("every depthwise filter multiplies the first channel's patches (group offset into col forgotten)"),
        mutant("conv_transpose2d bias gradient overwritten").of("conv", "conv_transpose2d").network("""
            input x: float[2, 3, 3];
            conv_transpose2d(2, kernel: 3, stride: 2, padding: 1, output_padding: 1);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("convTranspose2d1Backward")
            .replace("g[CONV_TRANSPOSE2D_1_BIAS + f] += s;", "g[CONV_TRANSPOSE2D_1_BIAS + f] = s;")
            .because("+= became =: the bias gradient keeps only the last example's sum"),
        mutant("conv_transpose2d col2im overwrites").of("conv", "conv_transpose2d").network("""
            input x: float[2, 3, 3];
            conv_transpose2d(2, kernel: 3, stride: 2, padding: 1, output_padding: 1);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("convTranspose2d1Forward")
            .replace("y[xr + ox * 2] += col[r + ox];", "y[xr + ox * 2] = col[r + ox];")
            .because("+= became =: overlapping output windows and the bias are overwritten in the forward pass"),
        // ---- pool
        // unpadded pools call the runtime's Pooling kernels (PoolingTest checks them against the
        // definition, overlapping windows' gradients included); padded ones are generated
        mutant("maxpool argmax off by one").of("pool", "maxpool").network("""
            input x: float[2, 5, 5];
            maxpool(2, padding: same);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("maxpool1Forward")
            .replace("arg += up * (i - arg);", "arg += up * (i + 1 - arg);")
            .because("off-by-one index: the recorded argmax (and so the gradient) points at the "
                + "maximum's neighbour"),
        mutant("avgpool missing 1/n").of("pool", "avgpool").network("""
            input x: float[2, 5, 5];
            avgpool(2, padding: same);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("avgpool1Backward")
            .replace("float s = gy[o] * 0.25f;", "float s = gy[o];")
            .because("missing 1/n: the backward pass spreads the whole gradient to every window element"),
        mutant("global_maxpool channel stride").of("pool", "global_maxpool").network("""
            input x: float[3, 4, 4];
            global_maxpool;
            flatten;
            dense(3);
            loss mse;
            """)
            .in("globalMaxpool1Backward")
            .replace("int xr = b * 48 + ch * 16;", "int xr = b * 48 + ch;")
            .because("wrong stride: the channel offset uses 1 instead of the 16 positions per channel"),
        mutant("global_avgpool missing 1/n").of("pool", "global_avgpool").network("""
            input x: float[3, 4, 4];
            global_avgpool;
            flatten;
            dense(3);
            loss mse;
            """)
            .in("globalAvgpool1Backward")
            .replace("float s = gy[o] * 0.0625f;", "float s = gy[o];")
            .because("missing 1/n: each position gets the channel's whole gradient instead of 1/16"),
        // ---- batchnorm, layernorm
        mutant("batchnorm drops the mean term").of("batchnorm", "batchnorm").network(BATCHNORM)
            .in("batchnorm1Backward")
            .replace("- dBeta - xhat", "- xhat")
            .because("dropped term: the gradient through the batch mean (-Σ gy) is left out"),
        mutant("batchnorm unbiased variance").of("batchnorm", "batchnorm").network(BATCHNORM)
            .in("batchnorm1Forward")
            .replace("float var = (float) (squares / m);", "float var = (float) (squares / (m - 1));")
            .because("training normalizes by the unbiased variance (PyTorch uses the biased one there) "
                + "while the backward pass assumes the biased one"),
        mutant("layernorm drops the xhat term").of("layernorm", "layernorm").network(LAYERNORM)
            .in("layernorm1Backward")
            .replace(" - xhat[o + j] * meanDX);", ");")
            .because("dropped term: the gradient through the row's variance is left out"),
        mutant("layernorm beta gradient overwritten").of("layernorm", "layernorm").network(LAYERNORM)
            .in("layernorm1Backward")
            .replace("g[LAYERNORM_1_BETA + j] += gy[o + j];", "g[LAYERNORM_1_BETA + j] = gy[o + j];")
            .because("+= became =: beta's gradient keeps only the last row of the batch"),
        // ---- recurrent
        mutant("rnn truncated backpropagation").of("recurrent", "rnn").network(RNN)
            .in("rnn1Backward")
            .replace("float dhk = dh[d + k] + gy[ht + k];", "float dhk = gy[ht + k];")
            .because("dropped term: the gradient arriving from the next step is not added (BPTT of one step)"),
        mutant("rnn recurrent weight gradient uses h_t").of("recurrent", "rnn").network(RNN)
            .in("rnn1Backward")
            .replace("hs, tp * 3, 12, da", "hs, t * 3, 12, da")
            .because("off-by-one time step: W_hh's gradient multiplies by h_t instead of h_{t-1}"),
        mutant("lstm forget gate without c_{t-1}").of("recurrent", "lstm").network(LSTM)
            .in("lstm1Backward")
            .replace("da[a + 3 + k] = dct * cp * fg * (1f - fg);", "da[a + 3 + k] = dct * fg * (1f - fg);")
            .because("dropped factor: the forget gate's gradient forgets the previous cell state it multiplies"),
        mutant("lstm cell gradient skips the forget gate").of("recurrent", "lstm").network(LSTM)
            .in("lstm1Backward")
            .replace("dc[d + k] = dct * fg;", "dc[d + k] = dct;")
            .because("dropped factor: the cell gradient flows to the previous step without the forget gate"),
        mutant("gru update gate sign").of("recurrent", "gru").network(GRU)
            .in("gru1Backward")
            .replace("(hprev - n) * z", "(n - hprev) * z")
            .because("wrong sign: h = (1 - z) n + z h' differentiates to h' - n, not n - h'"),
        mutant("gru recurrent gradient overwrites").of("recurrent", "gru").network(GRU)
            .in("gru1Backward")
            .replace("p, GRU_1_WEIGHT_HH, 9, dh, 0, 3, true);", "p, GRU_1_WEIGHT_HH, 9, dh, 0, 3, false);")
            .because("+= became =: the gradient through W_hh replaces the direct z * dh path instead of adding"),
        mutant("bidirectional reverse step direction").of("recurrent", "gru").network(BIDIRECTIONAL)
            .in("gru1Backward")
            .replace("int hp = ht + 6;", "int hp = ht - 6;")
            .because("the reverse direction's previous state is the next time step; the mutant reads the "
                + "forward direction's neighbour"),
        mutant("bidirectional input gradient overwrites").of("recurrent", "gru").network(BIDIRECTIONAL)
            .in("gru1Backward")
            .replace("GRU_1_WEIGHT_IH_L0_REVERSE, 9, gx, 0, 2, true);", "GRU_1_WEIGHT_IH_L0_REVERSE, 9, gx, 0, 2, false);")
            .because("+= became =: the reverse direction's input gradient replaces the forward direction's"),
        // ---- embedding
        mutant("embedding repeated tokens overwrite").of("embedding", "embedding").network(EMBEDDING)
            .data(Data.TOKENS)
            .in("embedding1Backward")
            .replace("g[w + j] += gy[o + j];", "g[w + j] = gy[o + j];")
            .because("+= became =: a token that occurs several times in the batch keeps one occurrence's gradient"),
        mutant("embedding row stride").of("embedding", "embedding").network(EMBEDDING)
            .data(Data.TOKENS)
            .in("embedding1Backward")
            .replace("Math.round(x[r]) * 3", "Math.round(x[r]) * 2")
            .because("wrong stride: the gradient row of token id starts at id * 2 instead of id * dim"),
        // ---- dense, time_dense (both kernels)
        mutant("unrolled dense transposed weight index").of("dense", "dense").network("""
            input x: float[4];
            dense(5, activation: tanh);
            dense(2);
            loss mse;
            """)
            .in("dense1Backward")
            .replace("g[w + 6] += x1 * d1;", "g[w + 6] += x1 * d0;")
            .because("swapped index: one weight's gradient pairs its input with the wrong output"),
        mutant("gemm dense input gradient not transposed").of("dense", "dense").network("""
            input x: float[4];
            dense(5, activation: tanh);
            dense(2);
            loss mse;
            """)
            .kernels(KernelPolicy.GEMM)
            .in("dense1Backward")
            .replace("Gemm.nt(batch, 4, 5, gy, 0, 5, p, DENSE_1_WEIGHT", "Gemm.nn(batch, 4, 5, gy, 0, 5, p, DENSE_1_WEIGHT")
            .because("swapped transpose: gx = gy W instead of gy Wᵀ"),
        mutant("unrolled time_dense forgets the steps").of("dense", "time_dense").network("""
            input x: float[3, 4];
            time_dense(3, activation: tanh);
            flatten;
            dense(2);
            loss mse;
            """)
            .in("timeDense1Backward")
            .replace("for (int r = 0; r < batch * 3; r++)", "for (int r = 0; r < batch; r++)")
            .because("the backward loop runs over examples instead of examples x time steps"),
        mutant("gemm time_dense weight gradient over examples").of("dense", "time_dense").network("""
            input x: float[3, 4];
            time_dense(3, activation: tanh);
            flatten;
            dense(2);
            loss mse;
            """)
            .kernels(KernelPolicy.GEMM)
            .in("timeDense1Backward")
            .replace("Gemm.tn(4, 3, batch * 3, x", "Gemm.tn(4, 3, batch, x")
            .because("the weight gradient's reduction runs over the examples' first rows only, not every step"),
        // ---- attention
        mutant("attention softmax scale dropped").of("attention", "multi_head_attention").network(ATTENTION)
            .in("multiHeadAttention1Backward")
            .replace("(dscores[drow + j] - dot) * 0.70710677f;", "(dscores[drow + j] - dot);")
            .because("missing 1/sqrt(d): the backward pass forgets the scores' scale"),
        mutant("attention key gradient not transposed").of("attention", "multi_head_attention").network(ATTENTION)
            .in("multiHeadAttention1Backward")
            .replace("Gemm.tn(3, 2, 3, dscores, so, 3, query", "Gemm.nn(3, 2, 3, dscores, so, 3, query")
            .because("swapped transpose: dK = dS Q instead of dSᵀ Q"),
        mutant("attention input gradient overwrites").of("attention", "multi_head_attention").network(ATTENTION)
            .in("multiHeadAttention1Backward")
            .replace("MULTI_HEAD_ATTENTION_1_KEY_WEIGHT, 4, gx, 0, 4, true);", "MULTI_HEAD_ATTENTION_1_KEY_WEIGHT, 4, gx, 0, 4, false);")
            .because("+= became =: the key projection's input gradient replaces the query projection's"));
  }
}
