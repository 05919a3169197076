package dev.netc.onnx.testing;

import dev.netc.runtime.InputPort;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Running netc models in inference mode on random inputs, and giving them non-trivial weights. */
public final class Runs {
  private Runs() {}

  /** Random inputs for {@code model}, {@code batch} examples each: uniform in [-1, 1), token ids in range. */
  public static List<float[]> inputs(Model model, int batch, long seed) {
    Random r = new Random(seed);
    List<float[]> in = new ArrayList<>();
    for (InputPort p : model.inputs()) {
      float[] v = new float[batch * p.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = p.integer() ? r.nextInt(4) : r.nextFloat() * 2 - 1;
      }
      in.add(v);
    }
    return in;
  }

  /** The per-example shapes of the model's inputs. */
  public static List<int[]> inputShapes(Model model) {
    return model.inputs().stream().map(InputPort::shape).toList();
  }

  /** The model's outputs (inference mode), one flat array per output. */
  public static List<float[]> forward(Model model, List<float[]> inputs, int batch) {
    float[] packed = inputs.size() == 1 ? inputs.get(0) : model.packInputs(batch, inputs.toArray(float[][]::new));
    Workspace ws = model.newWorkspace(batch);
    float[] out = new float[batch * model.outputSize()];
    model.forward(ws, packed, out, batch, false);
    if (model.outputs().size() == 1) {
      return List.of(out);
    }
    List<float[]> each = new ArrayList<>();
    for (OutputPort o : model.outputs()) {
      each.add(model.unpackOutput(out, batch, o.name()));
    }
    return each;
  }

  /**
   * Perturbs every parameter but the (randomly initialized) weights so that nothing is left at a
   * trivial value (zero biases, unit gammas and running variances); running variances stay positive.
   */
  public static void perturb(Model model, long seed) {
    Random r = new Random(seed);
    float[] p = model.parameters();
    for (ParameterInfo info : model.parameterInfo()) {
      for (int i = info.offset(); i < info.offset() + info.size(); i++) {
        if (info.name().endsWith(".running_var")) {
          p[i] = 0.5f + r.nextFloat();
        } else if (!info.name().endsWith(".weight")) {
          // weights keep their scaled initialization, so activations keep the magnitude training gives
          p[i] += (float) (r.nextGaussian() * 0.1);
        }
      }
    }
  }

  /** The largest absolute value in {@code a}. */
  public static double maxAbs(float[] a) {
    double m = 0;
    for (float v : a) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** The largest absolute difference between {@code a} and {@code b}. */
  public static double maxDiff(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new AssertionError("lengths differ: " + a.length + " and " + b.length);
    }
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs((double) a[i] - b[i]));
    }
    return m;
  }
}
