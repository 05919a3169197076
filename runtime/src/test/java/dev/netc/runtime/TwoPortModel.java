package dev.netc.runtime;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A hand-written stand-in for a generated network with two inputs and two outputs, packed as
 * generated code packs them: inputs {@code a: float[2]} then {@code b: float[3]} (5 floats per
 * example); outputs {@code logits: float[3]} (softmax cross-entropy, one-hot target) and {@code
 * score: float[1]} (mse, weight {@code w}), in that order or, with {@code scoreFirst}, score first.
 * One dense layer from the packed input to the packed output: {@code y = x W + b}, W {@code [5, 4]}.
 *
 * <pre>
 *   L = CE(logits) + w * MSE(score)    CE = sum_i (lse(l_i) - t_i . l_i) / B    MSE = sum_i (s_i - t_i)^2 / B
 * </pre>
 */
public final class TwoPortModel extends GeneratedModel {
  static final int IN = 5;
  static final int OUT = 4;

  private final int logits;
  private final int score;
  private final float w;

  public TwoPortModel(String name, boolean scoreFirst, double weight) {
    this(name, scoreFirst, weight, "b");
  }

  /** With the second input called {@code bName} (model files must tell the two apart). */
  public TwoPortModel(String name, boolean scoreFirst, double weight, String bName) {
    super(layout(name, scoreFirst, weight, bName));
    this.logits = scoreFirst ? 1 : 0;
    this.score = scoreFirst ? 0 : 3;
    this.w = (float) weight;
  }

  private static ModelLayout layout(String name, boolean scoreFirst, double weight, String bName) {
    OutputPort logits = new OutputPort("logits", new int[] {3}, scoreFirst ? 1 : 0,
        LossKind.SOFTMAX_CROSS_ENTROPY, 1.0, scoreFirst ? 1 : 0, 3);
    OutputPort score = new OutputPort("score", new int[] {1}, scoreFirst ? 0 : 3, LossKind.MSE, weight,
        scoreFirst ? 0 : 3, 1);
    return new ModelLayout(name, new int[] {IN}, new int[] {OUT}, OUT,
        scoreFirst ? LossKind.MSE : LossKind.SOFTMAX_CROSS_ENTROPY,
        new OptimizerSpec("sgd", Map.of("lr", 0.1)), TrainingSpec.DEFAULTS,
        List.of(
            new ParameterInfo("dense.weight", "dense", 0, new int[] {IN, OUT}, Init.XAVIER_UNIFORM, IN, OUT),
            new ParameterInfo("dense.bias", "dense", IN * OUT, new int[] {OUT}, Init.ZEROS, IN, OUT)),
        new int[] {OUT, OUT}, List.of("dense output", "dense gradient"), 0, name,
        List.of(new InputPort("a", new int[] {2}, 0, false), new InputPort(bName, new int[] {3}, 2, false)),
        scoreFirst ? List.of(score, logits) : List.of(logits, score));
  }

  @Override
  protected void forwardPass(Workspace ws, float[] x, int batch, boolean training) {
    float[] y = ws.buffers[0];
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < OUT; j++) {
        float s = params[IN * OUT + j];
        for (int k = 0; k < IN; k++) {
          s += x[i * IN + k] * params[k * OUT + j];
        }
        y[i * OUT + j] = s;
      }
    }
  }

  @Override
  protected double lossValue(Workspace ws, float[] t, int batch) {
    float[] y = ws.buffers[0];
    double ce = 0;
    double mse = 0;
    for (int i = 0; i < batch; i++) {
      int o = i * OUT;
      double max = Math.max(y[o + logits], Math.max(y[o + logits + 1], y[o + logits + 2]));
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(y[o + logits + j] - max);
      }
      double lse = max + Math.log(z);
      for (int j = 0; j < 3; j++) {
        ce += t[o + logits + j] * (lse - y[o + logits + j]);
      }
      double d = y[o + score] - t[o + score];
      mse += d * d;
    }
    return ce / batch + w * mse / batch;
  }

  @Override
  protected void backwardPass(Workspace ws, float[] x, float[] t, int batch, boolean inputGradient) {
    float[] y = ws.buffers[0];
    float[] dy = ws.buffers[1];
    for (int i = 0; i < batch; i++) {
      int o = i * OUT;
      double max = Math.max(y[o + logits], Math.max(y[o + logits + 1], y[o + logits + 2]));
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(y[o + logits + j] - max);
      }
      for (int j = 0; j < 3; j++) {
        dy[o + logits + j] = (float) ((Math.exp(y[o + logits + j] - max) / z - t[o + logits + j]) / batch);
      }
      dy[o + score] = 2 * w * (y[o + score] - t[o + score]) / batch;
    }
    float[] g = ws.gradients();
    Arrays.fill(g, 0f);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < OUT; j++) {
        float d = dy[i * OUT + j];
        g[IN * OUT + j] += d;
        for (int k = 0; k < IN; k++) {
          g[k * OUT + j] += x[i * IN + k] * d;
        }
      }
    }
    if (inputGradient) {
      float[] dx = ws.inputGradient();
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < IN; k++) {
          float s = 0;
          for (int j = 0; j < OUT; j++) {
            s += params[k * OUT + j] * dy[i * OUT + j];
          }
          dx[i * IN + k] = s;
        }
      }
    }
  }
}
