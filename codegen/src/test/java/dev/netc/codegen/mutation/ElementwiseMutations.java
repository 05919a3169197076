package dev.netc.codegen.mutation;

import static dev.netc.codegen.mutation.MutationCase.mutant;

import dev.netc.codegen.mutation.MutationCase.Data;
import java.util.ArrayList;
import java.util.List;

/** Mutants of the parameter-free ops (merges, shape ops, activations, softmax, dropout) and of every loss. */
final class ElementwiseMutations {
  private ElementwiseMutations() {}

  /** Two branches merged four ways: add, sub and mul feed a concat. */
  private static final String MERGES = """
      input x: float[4];
      a = x -> dense(3, activation: tanh);
      b = x -> dense(3, activation: sigmoid);
      s = add(a, b);
      d = sub(a, b);
      m = mul(a, b);
      c = concat(s, d, m);
      c -> dense(2);
      loss mse;
      """;

  /** Every standalone activation, each between dense layers. */
  private static final String ACTIVATIONS = """
      input x: float[4];
      sigmoid;
      dense(4);
      tanh;
      dense(4);
      relu;
      dense(4);
      leaky_relu;
      dense(4);
      elu;
      dense(4);
      gelu;
      dense(4);
      silu;
      dense(4);
      softplus;
      dense(2);
      loss mse;
      """;

  static List<MutationCase> cases() {
    List<MutationCase> cases = new ArrayList<>(List.of(
        // ---- merges
        mutant("add second input overwritten").of("merge", "add").network(MERGES)
            .in("sBackward")
            .replace("gx1[i] += gy[i];", "gx1[i] = gy[i];")
            .because("+= became =: b also feeds sub and mul, whose gradients into b are lost"),
        mutant("sub sign").of("merge", "sub").network(MERGES)
            .in("dBackward")
            .replace("gx1[i] += -gy[i];", "gx1[i] += gy[i];")
            .because("wrong sign: the subtrahend's gradient is -gy"),
        mutant("mul own operand").of("merge", "mul").network(MERGES)
            .in("mBackward")
            .replace("gx0[i] = gy[i] * x1[i];", "gx0[i] = gy[i] * x0[i];")
            .because("swapped operand: d(a b)/da is b, not a"),
        mutant("concat chunk offset").of("merge", "concat").network(MERGES)
            .in("cBackward")
            .replace("System.arraycopy(gy, r * 9 + 3, gx1, r * 3, 3);", "System.arraycopy(gy, r * 9 + 2, gx1, r * 3, 3);")
            .because("off-by-one index: the second input's chunk starts one element early"),
        // ---- single-input shape ops
        mutant("slice start").of("shape", "slice").network("""
            input x: float[4, 3];
            slice(0, 1, 3);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("slice1Backward")
            .replace("gx, r * 12 + 3, 6);", "gx, r * 12 + 2, 6);")
            .because("off-by-one index: the gradient goes back one element before the slice's start"),
        mutant("mean missing 1/n").of("shape", "mean").network("""
            input x: float[3, 5];
            mean(axis: 1);
            dense(3);
            loss mse;
            """)
            .in("mean1Backward")
            .replace("float s = gy[o] * 0.2f;", "float s = gy[o];")
            .because("missing 1/n: each element gets the mean's whole gradient"),
        mutant("max row stride").of("shape", "max").network("""
            input x: float[3, 5];
            max(axis: 1);
            dense(3);
            loss mse;
            """)
            .in("max1Backward")
            .replace("int xr = r * 5;", "int xr = r * 4;")
            .because("wrong stride: rows of 5 reduced elements are addressed 4 apart"),
        mutant("upsample row stride").of("shape", "upsample").network("""
            input x: float[2, 3, 3];
            upsample(2);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("upsample1Backward")
            .replace("s += gy[o + dy * 6 + dx];", "s += gy[o + dy * 3 + dx];")
            .because("wrong stride: the output row is 6 wide, the mutant steps by the input's 3"),
        mutant("learned positional embedding overwrites").of("shape", "positional_embedding").network("""
            input x: float[5, 3];
            positional_embedding(kind: learned);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("positionalEmbedding1Backward")
            .replace("g[POSITIONAL_EMBEDDING_1_TABLE + j] += gy[o + j];", "g[POSITIONAL_EMBEDDING_1_TABLE + j] = gy[o + j];")
            .because("+= became =: the table's gradient keeps only the last example's"),
        mutant("sinusoidal positional embedding short copy").of("shape", "positional_embedding").network("""
            input x: float[5, 3];
            time_dense(4, activation: tanh);
            positional_embedding(kind: sinusoidal);
            flatten;
            dense(3);
            loss mse;
            """)
            .in("positionalEmbedding1Backward")
            .replace("System.arraycopy(gy, 0, gx, 0, batch * 20);", "System.arraycopy(gy, 0, gx, 0, batch * 20 - 1);")
            .because("off-by-one length: the last element's gradient is never passed back"),
        // ---- softmax, log_softmax, dropout
        mutant("softmax drops the dot term").of("softmax", "softmax").network("""
            input x: float[4];
            dense(5);
            softmax;
            dense(3);
            loss mse;
            """)
            .in("softmax1Backward")
            .replace("gx[j] = y[j] * (gy[j] - dot);", "gx[j] = y[j] * gy[j];")
            .because("dropped term: the Jacobian's -y yᵀ part is left out"),
        mutant("log_softmax uses log-probabilities").of("softmax", "log_softmax").network("""
            input x: float[4];
            dense(5);
            log_softmax;
            dense(3);
            loss mse;
            """)
            .in("logSoftmax1Backward")
            .replace("gx[j] = gy[j] - (float) Math.exp(y[j]) * dot;", "gx[j] = gy[j] - y[j] * dot;")
            .because("the output is log p; the gradient needs p = exp(y)"),
        mutant("dropout ignores the mask").of("dropout", "dropout").network("""
            input x: float[6];
            dense(6, activation: tanh);
            dropout(0.3);
            dense(3);
            loss mse;
            """)
            .in("dropout1Backward")
            .replace("gx[k] = gy[k] * mask[k];", "gx[k] = gy[k];")
            .because("the backward pass forgets the mask: dropped units get gradient and kept ones miss the 1/(1-p) scale"),
        // ---- losses
        mutant("mse missing factor 2").of("loss", "mse").network("""
            input x: float[4];
            dense(3);
            loss mse;
            """)
            .in("mseGradient")
            .replace("float scale = 2f / n;", "float scale = 1f / n;")
            .because("dropped factor: d(y - t)²/dy is 2 (y - t)"),
        mutant("l1 sign").of("loss", "l1").network("""
            input x: float[4];
            dense(3);
            loss l1;
            """)
            .in("l1Gradient")
            .replace("Math.signum(y[k] - t[k])", "Math.signum(t[k] - y[k])")
            .because("wrong sign: the gradient of |y - t| is sign(y - t)"),
        mutant("huber quadratic half").of("loss", "huber").network("""
            input x: float[4];
            dense(3);
            loss huber;
            """)
            .in("huber")
            .replace("0.5 * d * d", "d * d")
            .because("dropped factor: the quadratic part is d²/2, whose slope the gradient uses"),
        mutant("softmax_cross_entropy mean over elements").of("loss", "softmax_cross_entropy").network("""
            input x: float[4];
            dense(3);
            loss softmax_cross_entropy;
            """)
            .data(Data.ONE_HOT)
            .in("softmaxCrossEntropyGradient")
            .replace("float inv = 1f / rows;", "float inv = 1f / (rows * 3);")
            .because("wrong mean: the gradient divides by the elements, the loss by the rows"),
        mutant("binary_cross_entropy missing 1/n").of("loss", "binary_cross_entropy_with_logits").network("""
            input x: float[4];
            dense(3);
            loss binary_cross_entropy_with_logits;
            """)
            .data(Data.PROBABILITY)
            .in("binaryCrossEntropyWithLogitsGradient")
            .replace("(Activations.sigmoid(y[k]) - t[k]) * inv;", "(Activations.sigmoid(y[k]) - t[k]);")
            .because("missing 1/n: the gradient of the summed loss for a mean loss"),
        mutant("kl_divergence mean over elements").of("loss", "kl_divergence").network("""
            input x: float[4];
            dense(3);
            log_softmax;
            loss kl_divergence;
            """)
            .data(Data.DISTRIBUTION)
            .in("klDivergence")
            .replace("return sum / batch;", "return sum / n;")
            .because("wrong mean: PyTorch's batchmean divides by the batch; the mutant's value divides by "
                + "every element while the gradient still uses the batch")));
    // ---- element-wise activations: each derivative evaluated wrongly
    cases.add(activation("sigmoid", "sigmoid1Backward", "gy[k] * (y[k] * (1f - y[k]))", "gy[k] * (1f - y[k])",
        "dropped factor: σ' = σ (1 - σ)"));
    cases.add(activation("tanh", "tanh1Backward", "(1f - y[k] * y[k])", "(1f - y[k])",
        "dropped factor: tanh' = 1 - tanh²"));
    cases.add(activation("relu", "relu1Backward", "Activations.step(y[k])", "Activations.step(-y[k])",
        "wrong sign: the mask passes the negative side"));
    cases.add(activation("leaky_relu", "leakyRelu1Backward", "Activations.leakyStep(y[k], 0.01f)",
        "Activations.leakyStep(y[k], 0.1f)", "wrong constant: the negative slope 0.01 written as 0.1"));
    cases.add(activation("elu", "elu1Backward", "Activations.eluGradFromOutput(y[k], 1.0f)",
        "Activations.eluGradFromOutput(y[k], 0.0f)", "wrong constant: alpha dropped, so the negative side's "
        + "slope alpha exp(x) = y + alpha becomes y"));
    cases.add(activation("gelu", "gelu1Backward", "Activations.geluGrad(x[k])", "Activations.geluGrad(y[k])",
        "the derivative of the input is given the output"));
    cases.add(activation("silu", "silu1Backward", "Activations.siluGrad(x[k])", "Activations.siluGrad(y[k])",
        "the derivative of the input is given the output"));
    cases.add(activation("softplus", "softplus1Backward", "Activations.softplusGradFromOutput(y[k])",
        "Activations.softplusGradFromOutput(x[k])", "the derivative from the output is given the input"));
    return cases;
  }

  private static MutationCase activation(String op, String method, String pattern, String replacement, String why) {
    return mutant(op + " derivative").of("activation", op).network(ACTIVATIONS)
        .in(method).replace(pattern, replacement).because(why);
  }
}
