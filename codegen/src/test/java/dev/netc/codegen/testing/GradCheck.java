package dev.netc.codegen.testing;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compares a generated model's backward pass with central finite differences of its loss.
 *
 * <p>Every parameter element and every input element is perturbed by {@code ±h} in float (the
 * difference quotient divides by the step actually taken after rounding to float); the loss comes
 * from {@link Model#computeGradients}, so the forward pass runs in training mode, and the dropout
 * generator is reset before every evaluation so each one draws the same mask.
 *
 * <p>Kinks: relu, leaky_relu and elu are not differentiable at 0, so a central difference across
 * 0 measures neither side's slope. The check watches the output buffers of every layer whose
 * summary line names one of them (fused into dense or standalone) and throws {@link Kink} when
 * any element changes sign (negative / zero / positive) under a perturbation, i.e. when a
 * pre-activation lies within the step of 0. Callers then pick other data ({@link #withData}).
 */
public final class GradCheck {
  private GradCheck() {}

  /** A pre-activation of a relu-like layer crossed 0 within the finite-difference step. */
  public static final class Kink extends RuntimeException {
    Kink(String message) {
      super(message);
    }
  }

  /** The error of one gradient tensor: max|a - n| / max(floor, max|a| + max|n|). */
  public record TensorError(String tensor, int elements, double maxAbsDiff, double maxAnalytic,
      double maxNumeric, double error) {
    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%-16s n=%-4d err=%.2e (max|a-n|=%.2e, max|a|=%.3g, max|n|=%.3g)",
          tensor, elements, error, maxAbsDiff, maxAnalytic, maxNumeric);
    }
  }

  /** All tensors of one check; {@link #worst()} is what tests assert on. */
  public record Report(List<TensorError> tensors, double loss, long seed) {
    public double worst() {
      return tensors.stream().mapToDouble(TensorError::error).max().orElse(0);
    }

    public int elements() {
      return tensors.stream().mapToInt(TensorError::elements).sum();
    }

    @Override
    public String toString() {
      StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
          "loss %.6f, seed %d, %d elements, worst %.2e%n", loss, seed, elements(), worst()));
      tensors.forEach(t -> s.append("  ").append(t).append('\n'));
      return s.toString();
    }
  }

  /** Denominator floor of the relative error: gradients this small count as absolute errors. */
  public static final double FLOOR = 1e-2;

  /** Input, target and parameters for one check, drawn from a seed. */
  public interface DataFactory {
    /**
     * Fills {@code x} (batch inputs) and {@code t} (batch targets) and adjusts the model's
     * parameters (already initialized from {@code seed}).
     */
    void fill(java.util.Random random, float[] x, float[] t, Model model);
  }

  /**
   * Tries seeds {@code firstSeed, firstSeed + 1, ...} until one gives data without a kink within
   * the step (at most 50 tries), and returns that check's report.
   */
  public static Report withData(Model model, int batch, double h, long firstSeed, DataFactory data) {
    List<String> kinks = new ArrayList<>();
    for (long seed = firstSeed; seed < firstSeed + 50; seed++) {
      model.initialize(seed);
      java.util.Random random = new java.util.Random(seed);
      float[] x = new float[batch * model.inputSize()];
      float[] t = new float[batch * model.targetSize()];
      data.fill(random, x, t, model);
      try {
        return check(model, x, t, batch, h, seed);
      } catch (Kink k) {
        kinks.add("seed " + seed + ": " + k.getMessage());
      }
    }
    throw new AssertionError("every seed put a relu-like pre-activation within the step of 0:\n"
        + String.join("\n", kinks));
  }

  /** One check on the given data; throws {@link Kink} when the step crosses a kink. */
  public static Report check(Model model, float[] x, float[] t, int batch, double h, long seed) {
    FiniteDifferenceLedger.checking(model);
    Workspace ws = model.newWorkspace(batch);
    long rngState = ws.rng().state();
    int[] watched = kinkBuffers(model);
    int[] argmaxes = argmaxBuffers(model);

    ws.rng().setState(rngState);
    double loss = model.computeGradients(ws, x, t, batch, true);
    float[] analyticParams = ws.gradients().clone();
    float[] analyticInput = Arrays.copyOf(ws.inputGradient(), batch * model.inputSize());
    byte[][] baseSigns = signs(ws, watched);
    float[][] baseArgmax = copies(ws, argmaxes);
    if (!Double.isFinite(loss)) {
      throw new AssertionError("loss is " + loss);
    }

    Evaluator eval = () -> {
      ws.rng().setState(rngState);
      double l = model.computeGradients(ws, x, t, batch, false);
      for (int b = 0; b < argmaxes.length; b++) {
        if (!Arrays.equals(ws.buffers[argmaxes[b]], baseArgmax[b])) {
          throw new Kink("buffer " + argmaxes[b] + ": a maximum moved to another element");
        }
      }
      byte[][] s = signs(ws, watched);
      for (int b = 0; b < s.length; b++) {
        for (int k = 0; k < s[b].length; k++) {
          if (s[b][k] != baseSigns[b][k]) {
            throw new Kink("buffer " + watched[b] + " element " + k + " changed sign");
          }
        }
      }
      return l;
    };

    List<TensorError> errors = new ArrayList<>();
    float[] p = model.parameters();
    for (ParameterInfo info : model.parameterInfo()) {
      double[] numeric = new double[info.size()];
      for (int i = 0; i < info.size(); i++) {
        numeric[i] = difference(p, info.offset() + i, h, eval);
      }
      errors.add(error(info.name(), Arrays.copyOfRange(analyticParams, info.offset(),
          info.offset() + info.size()), numeric));
    }
    double[] numericInput = new double[analyticInput.length];
    for (int i = 0; i < numericInput.length; i++) {
      numericInput[i] = difference(x, i, h, eval);
    }
    errors.add(error("input", analyticInput, numericInput));
    return new Report(errors, loss, seed);
  }

  private interface Evaluator {
    double loss();
  }

  /** Central difference of the loss in {@code a[i]}, over the step actually representable in float. */
  private static double difference(float[] a, int i, double h, Evaluator eval) {
    float orig = a[i];
    float plus = (float) (orig + h);
    float minus = (float) (orig - h);
    try {
      a[i] = plus;
      double lp = eval.loss();
      a[i] = minus;
      double lm = eval.loss();
      return (lp - lm) / ((double) plus - (double) minus);
    } finally {
      a[i] = orig;
    }
  }

  static TensorError error(String name, float[] analytic, double[] numeric) {
    double maxDiff = 0;
    double maxA = 0;
    double maxN = 0;
    for (int i = 0; i < numeric.length; i++) {
      maxDiff = Math.max(maxDiff, Math.abs(analytic[i] - numeric[i]));
      maxA = Math.max(maxA, Math.abs(analytic[i]));
      maxN = Math.max(maxN, Math.abs(numeric[i]));
    }
    if (!(maxDiff >= 0)) { // NaN
      maxDiff = Double.POSITIVE_INFINITY;
    }
    return new TensorError(name, numeric.length, maxDiff, maxA, maxN, maxDiff / Math.max(FLOOR, maxA + maxN));
  }

  private static final Set<String> KINKED = Set.of("relu", "leaky_relu", "elu");

  /**
   * Workspace indices of the output buffers of layers with a relu-like activation, read from the
   * summary table ("dense_1  dense + relu ...") and the generated {@code OUT_<LAYER>} constants.
   */
  static int[] kinkBuffers(Model model) {
    List<Integer> out = new ArrayList<>();
    for (String line : model.summary().split("\n")) {
      String[] tokens = line.trim().split("\\s+");
      if (tokens.length < 2 || Arrays.stream(tokens).noneMatch(KINKED::contains)) {
        continue;
      }
      String constant = "OUT_" + tokens[0].toUpperCase(Locale.ROOT);
      out.add(bufferConstant(model, constant));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Max pools are kinked where two window elements tie: the check also watches the {@code
   * ARGMAX_<LAYER>} buffers of layers whose summary line names maxpool, global_maxpool or max, and
   * throws {@link Kink} when a perturbation moves any maximum.
   */
  private static final java.util.Set<String> MAXIMA = java.util.Set.of("maxpool", "global_maxpool", "max");

  static int[] argmaxBuffers(Model model) {
    List<Integer> out = new ArrayList<>();
    for (String line : model.summary().split("\n")) {
      String[] tokens = line.trim().split("\\s+");
      if (tokens.length < 2 || !MAXIMA.contains(tokens[1])) {
        continue;
      }
      out.add(bufferConstant(model, "ARGMAX_" + tokens[0].toUpperCase(Locale.ROOT)));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }

  private static float[][] copies(Workspace ws, int[] buffers) {
    float[][] out = new float[buffers.length][];
    for (int b = 0; b < buffers.length; b++) {
      out[b] = ws.buffers[buffers[b]].clone();
    }
    return out;
  }

  /** The value of a generated buffer-index constant such as {@code OUT_DENSE_1}. */
  public static int bufferConstant(Model model, String constant) {
    try {
      Field f = model.getClass().getDeclaredField(constant);
      f.setAccessible(true);
      return f.getInt(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("generated class has no constant " + constant, e);
    }
  }

  private static byte[][] signs(Workspace ws, int[] watched) {
    byte[][] s = new byte[watched.length][];
    for (int b = 0; b < watched.length; b++) {
      float[] buf = ws.buffers[watched[b]];
      s[b] = new byte[buf.length];
      for (int k = 0; k < buf.length; k++) {
        s[b][k] = (byte) Math.signum(buf[k]);
      }
    }
    return s;
  }

  /** A copy of the named parameter tensor's values, by {@link ParameterInfo#name()}. */
  public static Map<String, float[]> parameterTensors(Model model) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (ParameterInfo info : model.parameterInfo()) {
      out.put(info.name(), Arrays.copyOfRange(model.parameters(), info.offset(), info.offset() + info.size()));
    }
    return out;
  }
}
