package dev.netc.runtime.train;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.util.Arrays;

/** Finds where a NaN or infinity first appeared, for {@link NonFiniteLossException}. */
final class NonFinite {
  private NonFinite() {}

  /** Whether every value is finite; one multiply-add per float, no branch per element. */
  static boolean allFinite(float[] a) {
    return dev.netc.runtime.kernels.Elementwise.allFinite(a);
  }

  static int firstNonFinite(float[] a) {
    for (int i = 0; i < a.length; i++) {
      if (!Float.isFinite(a[i])) {
        return i;
      }
    }
    return -1;
  }

  /** The name of the parameter tensor holding flat index {@code i}. */
  static String parameterAt(Model model, int i) {
    for (ParameterInfo p : model.parameterInfo()) {
      if (i >= p.offset() && i < p.offset() + p.size()) {
        return p.name();
      }
    }
    return "parameter float " + i;
  }

  /** {@code ", input meta"}: the input holding element {@code i} of a packed example, when there are several. */
  private static String inputAt(Model model, int i) {
    if (model.inputs().size() > 1) {
      for (dev.netc.runtime.InputPort p : model.inputs()) {
        if (i >= p.offset() && i < p.offset() + p.size()) {
          return ", input " + p.name();
        }
      }
    }
    return "";
  }

  /**
   * Re-runs the training forward pass of a generated model on the offending batch (with the same
   * dropout stream) after clearing the workspace, and names the first buffer, in layout order,
   * holding a non-finite value; the input batch and the parameters are checked first. Returns
   * null for models that are not {@link GeneratedModel}s.
   */
  static String locate(Model model, Workspace ws, float[] x, float[] out, int batch, long dropoutState) {
    int bad = firstNonFinite(Arrays.copyOf(x, batch * model.inputSize()));
    if (bad >= 0) {
      return "the input batch (example " + (bad / model.inputSize() + 1) + inputAt(model, bad % model.inputSize()) + ")";
    }
    int p = firstNonFinite(model.parameters());
    if (p >= 0) {
      return "parameter " + parameterAt(model, p);
    }
    if (!(model instanceof GeneratedModel g)) {
      return null;
    }
    for (float[] b : ws.buffers) {
      Arrays.fill(b, 0f);
    }
    ws.rng().setState(dropoutState);
    g.forward(ws, x, out, batch, true);
    int[] sizes = g.layout().bufferSizes();
    for (int i = 0; i < ws.buffers.length; i++) {
      float[] b = ws.buffers[i];
      int n = Math.min(b.length, sizes[i] * batch);
      for (int k = 0; k < n; k++) {
        if (!Float.isFinite(b[k])) {
          return "workspace buffer " + i + " (" + g.layout().bufferName(i) + ")";
        }
      }
    }
    return "the loss (every layer output is finite)";
  }
}
