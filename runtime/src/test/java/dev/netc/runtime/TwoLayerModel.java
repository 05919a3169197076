package dev.netc.runtime;

import java.util.List;
import java.util.Map;

/**
 * A hand-written two-layer generated model for trainer tests: {@code h = relu(x W1 + b1)}, {@code
 * y = h W2 + b2}, MSE or softmax cross-entropy loss; optional inverted dropout on h.
 * Buffers: 0 dense_1 output, 1 relu output (after dropout), 2 dense_2 output, 3 dense_2 gradient,
 * 4 relu gradient.
 */
public class TwoLayerModel extends GeneratedModel {
  private final int in;
  private final int hidden;
  private final int out;
  private final float keep;

  public TwoLayerModel(String name, int in, int hidden, int out, LossKind loss, float dropout) {
    super(new ModelLayout(name, new int[] {in}, new int[] {out}, out, loss,
        new OptimizerSpec("sgd", Map.of("lr", 0.05)), TrainingSpec.DEFAULTS,
        List.of(
            new ParameterInfo("dense_1.weight", "dense_1", 0, new int[] {in, hidden}, Init.HE_NORMAL, in, hidden),
            new ParameterInfo("dense_1.bias", "dense_1", in * hidden, new int[] {hidden}, Init.ZEROS, in, hidden),
            new ParameterInfo("dense_2.weight", "dense_2", in * hidden + hidden, new int[] {hidden, out}, Init.XAVIER_UNIFORM, hidden, out),
            new ParameterInfo("dense_2.bias", "dense_2", in * hidden + hidden + hidden * out, new int[] {out}, Init.ZEROS, hidden, out)),
        new int[] {hidden, hidden, out, out, hidden},
        List.of("dense_1 output", "relu_1 output", "dense_2 output", "dense_2 gradient", "relu_1 gradient"),
        2, name));
    this.in = in;
    this.hidden = hidden;
    this.out = out;
    this.keep = 1 - dropout;
  }

  private int w2() {
    return in * hidden + hidden;
  }

  @Override
  protected void forwardPass(Workspace ws, float[] x, int batch, boolean training) {
    float[] h = ws.buffers[0];
    float[] r = ws.buffers[1];
    float[] y = ws.buffers[2];
    int b1 = in * hidden;
    int w2 = w2();
    int b2 = w2 + hidden * out;
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < hidden; j++) {
        float s = params[b1 + j];
        for (int k = 0; k < in; k++) {
          s += x[i * in + k] * params[k * hidden + j];
        }
        h[i * hidden + j] = s;
        float a = Math.max(0, s);
        if (training && keep < 1) {
          a = ws.rng().nextFloat() < keep ? a / keep : 0f;
        }
        r[i * hidden + j] = a;
      }
      for (int j = 0; j < out; j++) {
        float s = params[b2 + j];
        for (int k = 0; k < hidden; k++) {
          s += r[i * hidden + k] * params[w2 + k * out + j];
        }
        y[i * out + j] = s;
      }
    }
  }

  @Override
  protected double lossValue(Workspace ws, float[] t, int batch) {
    float[] y = ws.buffers[2];
    double sum = 0;
    if (loss() == LossKind.MSE) {
      for (int i = 0; i < batch * out; i++) {
        double d = y[i] - t[i];
        sum += d * d;
      }
      return sum / ((double) batch * out);
    }
    for (int i = 0; i < batch; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int j = 0; j < out; j++) {
        max = Math.max(max, y[i * out + j]);
      }
      double z = 0;
      for (int j = 0; j < out; j++) {
        z += Math.exp(y[i * out + j] - max);
      }
      double lse = max + Math.log(z);
      for (int j = 0; j < out; j++) {
        sum += t[i * out + j] * (lse - y[i * out + j]);
      }
    }
    return sum / batch;
  }

  @Override
  protected void backwardPass(Workspace ws, float[] x, float[] t, int batch, boolean inputGradient) {
    float[] g = ws.gradients();
    java.util.Arrays.fill(g, 0f);
    float[] h = ws.buffers[0];
    float[] r = ws.buffers[1];
    float[] y = ws.buffers[2];
    float[] dy = ws.buffers[3];
    float[] dr = ws.buffers[4];
    int w2 = w2();
    int b2 = w2 + hidden * out;
    for (int i = 0; i < batch; i++) {
      if (loss() == LossKind.MSE) {
        for (int j = 0; j < out; j++) {
          dy[i * out + j] = 2 * (y[i * out + j] - t[i * out + j]) / (batch * out);
        }
      } else {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < out; j++) {
          max = Math.max(max, y[i * out + j]);
        }
        double z = 0;
        for (int j = 0; j < out; j++) {
          z += Math.exp(y[i * out + j] - max);
        }
        for (int j = 0; j < out; j++) {
          dy[i * out + j] = (float) ((Math.exp(y[i * out + j] - max) / z - t[i * out + j]) / batch);
        }
      }
      for (int j = 0; j < out; j++) {
        g[b2 + j] += dy[i * out + j];
        for (int k = 0; k < hidden; k++) {
          g[w2 + k * out + j] += r[i * hidden + k] * dy[i * out + j];
        }
      }
      for (int k = 0; k < hidden; k++) {
        float s = 0;
        for (int j = 0; j < out; j++) {
          s += params[w2 + k * out + j] * dy[i * out + j];
        }
        // relu and dropout: the derivative is r / h where h > 0 (the kept scale), else 0
        dr[i * hidden + k] = h[i * hidden + k] > 0 ? s * (r[i * hidden + k] / h[i * hidden + k]) : 0f;
      }
      for (int k = 0; k < hidden; k++) {
        float d = dr[i * hidden + k];
        g[in * hidden + k] += d;
        for (int q = 0; q < in; q++) {
          g[q * hidden + k] += x[i * in + q] * d;
        }
      }
    }
  }
}
