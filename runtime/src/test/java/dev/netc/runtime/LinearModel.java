package dev.netc.runtime;

import java.util.List;
import java.util.Map;

/**
 * A hand-written stand-in for a generated class: one dense layer {@code y = x W + b} (W is {@code
 * [in, out]}) with MSE or fused softmax cross-entropy, backward derived by hand.
 *
 * <pre>
 *   MSE:      L = sum (y - t)^2 / (B * O)          dL/dy = 2 (y - t) / (B * O)
 *   softmax:  L = sum_i (lse(y_i) sum t_i - t_i . y_i) / B
 *                                                  dL/dy = (softmax(y) sum t - t) / B
 *   dW[k][j] = sum_i x[i][k] dy[i][j]    db[j] = sum_i dy[i][j]    dx[i][k] = sum_j W[k][j] dy[i][j]
 * </pre>
 */
public final class LinearModel extends GeneratedModel {
  static final int OUT = 0;
  static final int D_OUT = 1;

  private final int in;
  private final int out;
  /** Batch sizes seen by computeGradients when set (tests of the batching); null otherwise. */
  public List<Integer> trainedBatches;
  /** Runs at the start of every forward pass when set: lets a test hold a pass in the middle. */
  public volatile Runnable duringForward;

  public LinearModel(String name, int in, int out, LossKind loss) {
    this(name, in, out, loss, new OptimizerSpec("sgd", Map.of("lr", 0.01)), TrainingSpec.DEFAULTS);
  }

  public LinearModel(
      String name, int in, int out, LossKind loss, OptimizerSpec optimizer, TrainingSpec training) {
    this(name, in, out, loss, optimizer, training, "dense.weight");
  }

  public LinearModel(
      String name,
      int in,
      int out,
      LossKind loss,
      OptimizerSpec optimizer,
      TrainingSpec training,
      String weightName) {
    super(
        new ModelLayout(
            name,
            new int[] {in},
            new int[] {out},
            out,
            loss,
            optimizer,
            training,
            List.of(
                new ParameterInfo(
                    weightName, "dense", 0, new int[] {in, out}, Init.XAVIER_UNIFORM, in, out),
                new ParameterInfo(
                    "dense.bias", "dense", in * out, new int[] {out}, Init.ZEROS, in, out)),
            new int[] {out, out},
            List.of("dense output", "dense gradient"),
            OUT,
            name + ": dense(" + in + " -> " + out + ")"));
    if (loss != LossKind.MSE && loss != LossKind.SOFTMAX_CROSS_ENTROPY) {
      throw new IllegalArgumentException("test model supports MSE and softmax CE only");
    }
    this.in = in;
    this.out = out;
  }

  @Override
  public double computeGradients(
      Workspace ws, float[] x, float[] target, int batch, boolean inputGradient) {
    if (trainedBatches != null) {
      trainedBatches.add(batch);
    }
    return super.computeGradients(ws, x, target, batch, inputGradient);
  }

  @Override
  protected void forwardPass(Workspace ws, float[] x, int batch, boolean training) {
    Runnable hook = duringForward;
    if (hook != null) {
      hook.run();
    }
    float[] y = ws.buffers[OUT];
    int bias = in * out;
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < out; j++) {
        float s = params[bias + j];
        for (int k = 0; k < in; k++) {
          s += x[i * in + k] * params[k * out + j];
        }
        y[i * out + j] = s;
      }
    }
  }

  @Override
  protected double lossValue(Workspace ws, float[] t, int batch) {
    float[] y = ws.buffers[OUT];
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
  protected void backwardPass(
      Workspace ws, float[] x, float[] t, int batch, boolean inputGradient) {
    float[] y = ws.buffers[OUT];
    float[] dy = ws.buffers[D_OUT];
    if (loss() == LossKind.MSE) {
      float scale = 2f / (batch * out);
      for (int i = 0; i < batch * out; i++) {
        dy[i] = (y[i] - t[i]) * scale;
      }
    } else {
      for (int i = 0; i < batch; i++) {
        double max = Double.NEGATIVE_INFINITY;
        double tsum = 0;
        for (int j = 0; j < out; j++) {
          max = Math.max(max, y[i * out + j]);
          tsum += t[i * out + j];
        }
        double z = 0;
        for (int j = 0; j < out; j++) {
          z += Math.exp(y[i * out + j] - max);
        }
        for (int j = 0; j < out; j++) {
          double p = Math.exp(y[i * out + j] - max) / z;
          dy[i * out + j] = (float) ((p * tsum - t[i * out + j]) / batch);
        }
      }
    }
    float[] g = ws.gradients();
    int bias = in * out;
    java.util.Arrays.fill(g, 0f);
    for (int i = 0; i < batch; i++) {
      for (int j = 0; j < out; j++) {
        float d = dy[i * out + j];
        g[bias + j] += d;
        for (int k = 0; k < in; k++) {
          g[k * out + j] += x[i * in + k] * d;
        }
      }
    }
    if (inputGradient) {
      float[] dx = ws.inputGradient();
      for (int i = 0; i < batch; i++) {
        for (int k = 0; k < in; k++) {
          float s = 0;
          for (int j = 0; j < out; j++) {
            s += params[k * out + j] * dy[i * out + j];
          }
          dx[i * in + k] = s;
        }
      }
    }
  }
}
