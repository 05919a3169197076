package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.runtime.Activations;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every activation derivative the generated code computes, checked against a float64 finite
 * difference of its own forward function, as generated code writes both: for each {@link
 * Activation} and each alpha below, the {@link Activation#forward} and {@link
 * Activation#derivative} expressions are compiled (javac, in memory) into a pair of methods, the
 * derivative fed the forward's output where it reads {@code y}. That covers the derivatives in
 * {@link Activations} ({@code geluGrad}, {@code siluGrad}, {@code softplusGradFromOutput}, {@code
 * eluGradFromOutput}, {@code step}, {@code leakyStep}) and the ones written inline (sigmoid's
 * {@code y (1 - y)}, tanh's {@code 1 - y²}, linear's 1).
 *
 * <p>The rows are {@code Activation.values()} times the alphas, so a new activation is checked
 * without a new line here; {@link #everyDerivativeInActivationsHasARow} fails when a public method
 * of {@link Activations} that looks like a derivative (name ending in Grad, Step or FromOutput)
 * is not called by any row, and when a new forward function there has no activation.
 *
 * <p>The difference: a fourth-order stencil of step {@code h = 2^-7} (up to |x| = 128; a power of
 * two near {@code |x| / 2^14} beyond), so every stencil point is exactly representable (checked), central
 * where the function is smooth; for the piecewise activations (relu, leaky_relu, elu) one-sided,
 * on the side of x away from the kink at 0, and at {@code ±0} from the left: netc's convention
 * (PyTorch's), relu'(0) = 0, leaky_relu'(0) = alpha, elu'(0) = alpha. The tolerance is {@code
 * 1e-4} relative plus what float rounding of the forward values can do to the stencil plus four
 * float ulps of the derivative's own scale: a derivative wrong by 0.1% fails (the derivative of
 * GELU's tanh approximation, off by at most 0.1% of its size around |x| = 2, does).
 */
class ActivationDerivativeTest {

  /** Legal alphas (non-negative) for the activations that take one: 0, a small slope, 1 and above 1. */
  static final Map<Activation, double[]> ALPHAS = Map.of(
      Activation.LEAKY_RELU, new double[] {0, 0.01, 0.2, 1, 1.5},
      Activation.ELU, new double[] {0, 0.5, 1, 1.5});

  /** Piecewise activations: a kink at 0, so their stencils stay on one side of it. */
  static final Set<Activation> KINKED = Set.of(Activation.RELU, Activation.LEAKY_RELU, Activation.ELU);

  /** Public methods of {@link Activations} that are neither an activation nor a derivative. */
  static final Set<String> HELPERS = Set.of("erf");

  static final Pattern DERIVATIVE_NAME = Pattern.compile(".*(Grad|Step|FromOutput)|step");

  /** One activation at one alpha: its forward and derivative expressions, compiled. */
  record Row(Activation activation, double alpha, String forwardCode, String derivativeCode, Method forward,
      Method derivative) {
    float f(float x) {
      return call(forward, x);
    }

    float d(float x) {
      return call(derivative, x);
    }

    private static float call(Method m, float x) {
      try {
        return (float) m.invoke(null, x);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String toString() {
      return activation.dslName() + (ALPHAS.containsKey(activation) ? "(alpha " + alpha + ")" : "")
          + ", derivative " + derivativeCode;
    }
  }

  static List<Row> rows;

  @BeforeAll
  static void compileRows() throws Exception {
    record Spec(Activation activation, double alpha, String forward, String derivative) {}
    List<Spec> specs = new ArrayList<>();
    for (Activation a : Activation.values()) {
      for (double alpha : ALPHAS.getOrDefault(a, new double[] {0})) {
        specs.add(new Spec(a, alpha, a.forward("x", alpha).toString(), a.derivative("x", "y", alpha).toString()));
      }
    }
    StringBuilder src = new StringBuilder("package test.activations;\n\npublic final class Rows {\n");
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      src.append("  public static float f").append(i).append("(float x) {\n    return ").append(s.forward())
          .append(";\n  }\n\n  public static float d").append(i).append("(float x) {\n    float y = f").append(i)
          .append("(x);\n    return ").append(s.derivative()).append(";\n  }\n\n");
    }
    src.append("}\n");
    Class<?> c = InMemoryJavac.compile(Map.of("test.activations.Rows", src.toString())).load("test.activations.Rows");
    rows = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) {
      Spec s = specs.get(i);
      rows.add(new Row(s.activation(), s.alpha(), s.forward(), s.derivative(),
          c.getMethod("f" + i, float.class), c.getMethod("d" + i, float.class)));
    }
  }

  /**
   * The grid: both zeros, small, moderate and saturating magnitudes, and every quarter from -6 to
   * 6 (where GELU's and SiLU's derivatives bend). Dyadic values, so the stencils are exact.
   */
  static float[] grid() {
    List<Float> xs = new ArrayList<>(List.of(0f, -0f));
    for (float m : new float[] {0x1p-20f, 0x1p-10f, 0x1p-4f, 0.375f, 0.75f, 1.125f, 1.25f, 7f, 8f, 10f, 16f, 20f,
        40f, 80f, 1000f, 10000f}) {
      xs.add(m);
      xs.add(-m);
    }
    for (int q = -24; q <= 24; q++) {
      xs.add(q / 4f);
    }
    float[] out = new float[xs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = xs.get(i);
    }
    return out;
  }

  static final double[] CENTRAL = {1.0 / 12, -8.0 / 12, 0, 8.0 / 12, -1.0 / 12}; // at x-2h..x+2h
  static final double[] ONE_SIDED = {-25.0 / 12, 48.0 / 12, -36.0 / 12, 16.0 / 12, -3.0 / 12}; // at x, x+s h..x+4s h

  /** The finite difference at {@code x} and the most float rounding of the forward values can move it. */
  record Difference(double value, double rounding, String stencil) {}

  static Difference difference(Row row, float x) {
    // 2^-7 up to |x| = 128 (the exponential tails need a step small against 1, not against x);
    // beyond, a power of two near |x| / 2^14, so that x ± h are still distinct floats
    float ax = Math.abs(x);
    double h = ax <= 128 ? 0x1p-7 : Math.scalb(1.0, Math.getExponent(ax) + 1 - 14);
    boolean oneSided = KINKED.contains(row.activation());
    double side = x > 0 ? 1 : -1; // ±0 take the left side: relu'(0) = 0, as PyTorch
    double sum = 0;
    double worstUlp = 0;
    double[] coefficients = oneSided ? ONE_SIDED : CENTRAL;
    for (int k = 0; k < coefficients.length; k++) {
      double at = oneSided ? x + side * k * h : x + (k - 2) * h;
      float xf = (float) at;
      assertEquals(at, xf, 0.0, "stencil point " + at + " is not a float");
      float y = row.f(xf);
      sum += coefficients[k] * y;
      worstUlp = Math.max(worstUlp, Math.ulp(y));
    }
    double scale = oneSided ? side * h : h;
    double weight = Arrays.stream(coefficients).map(Math::abs).sum();
    return new Difference(sum / scale, weight * worstUlp / h, oneSided ? (side > 0 ? "right" : "left") : "central");
  }

  /** Why {@code derivative} disagrees with the finite difference of the forward at {@code x}, or null. */
  static String disagreement(Row row, float x, double derivative) {
    Difference fd = difference(row, x);
    float y = row.f(x);
    // four ulps at the derivative's own scale: what a float expression cannot beat near a zero
    double scale = Math.max(Math.abs(fd.value()), Math.abs(y) / Math.max(1, Math.abs(x)));
    double tolerance = 1e-4 * Math.abs(fd.value()) + fd.rounding() + 4 * Math.ulp((float) scale);
    if (Math.abs(derivative - fd.value()) <= tolerance) {
      return null;
    }
    return String.format(java.util.Locale.ROOT,
        "%s at x = %s: derivative %s, %s difference of the forward %.9g (off by %.3g, tolerance %.3g)",
        row, x, derivative, fd.stencil(), fd.value(), Math.abs(derivative - fd.value()), tolerance);
  }

  @Test
  void everyDerivativeMatchesTheFiniteDifferenceOfItsForwardFunction() {
    List<String> failures = new ArrayList<>();
    int checked = 0;
    for (Row row : rows) {
      for (float x : grid()) {
        String why = disagreement(row, x, row.d(x));
        checked++;
        if (why != null) {
          failures.add(why);
        }
      }
    }
    assertTrue(failures.isEmpty(), failures.size() + " of " + checked + " points disagree:\n"
        + String.join("\n", failures.subList(0, Math.min(20, failures.size()))));
  }

  /**
   * The check is sharp enough: for every row, the derivative made 0.1% too large, and 0.1% too
   * small, disagrees somewhere on the grid (so the tolerance, with its rounding allowance, cannot
   * hide an error of that size).
   */
  @Test
  void aDerivativeWrongByATenthOfAPercentFails() {
    for (Row row : rows) {
      for (double factor : new double[] {1.001, 0.999}) {
        boolean caught = false;
        for (float x : grid()) {
          caught |= disagreement(row, x, row.d(x) * factor) != null;
        }
        assertTrue(caught, row + " times " + factor + " passes everywhere");
      }
    }
  }

  /** The table is complete: every derivative-like method of {@link Activations} is called by a row. */
  @Test
  void everyDerivativeInActivationsHasARow() {
    Set<String> derivativesWithoutRow = new TreeSet<>();
    Set<String> functionsWithoutRow = new TreeSet<>();
    for (Method m : Activations.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isStatic(m.getModifiers())) {
        continue;
      }
      String call = "Activations." + m.getName() + "(";
      if (DERIVATIVE_NAME.matcher(m.getName()).matches()) {
        if (rows.stream().noneMatch(r -> r.derivativeCode().contains(call))) {
          derivativesWithoutRow.add(m.getName());
        }
      } else if (!HELPERS.contains(m.getName()) && rows.stream().noneMatch(r -> r.forwardCode().contains(call))) {
        functionsWithoutRow.add(m.getName());
      }
    }
    assertTrue(derivativesWithoutRow.isEmpty(), "derivatives in Activations no Activation's derivative calls, so"
        + " nothing checks them against their forward function: " + derivativesWithoutRow);
    assertTrue(functionsWithoutRow.isEmpty(), "functions in Activations that are neither an Activation's forward nor"
        + " a listed helper: " + functionsWithoutRow + " (give the activation a derivative, or add it to HELPERS)");
    // and the derivative pattern is not vacuous
    assertTrue(rows.stream().anyMatch(r -> r.derivativeCode().contains("Activations.geluGrad(")));
  }

  /** The finite difference itself: exact derivatives written out by hand agree with it at a few points. */
  @Test
  void theFiniteDifferenceAgreesWithKnownDerivatives() {
    Row sigmoid = rows.stream().filter(r -> r.activation() == Activation.SIGMOID).findFirst().orElseThrow();
    Row elu = rows.stream().filter(r -> r.activation() == Activation.ELU && r.alpha() == 0.5).findFirst()
        .orElseThrow();
    for (float x : new float[] {-3f, -0.5f, 0f, 1.25f, 4f}) {
      double s = 1 / (1 + Math.exp(-x));
      Difference ds = difference(sigmoid, x);
      assertEquals(s * (1 - s), ds.value(), ds.rounding() + 1e-9, "sigmoid'(" + x + ")");
      double eluPrime = x > 0 ? 1 : 0.5 * Math.exp(x);
      Difference de = difference(elu, x);
      assertEquals(eluPrime, de.value(), de.rounding() + 1e-9, "elu'(" + x + ")");
    }
    if (rows.size() < Activation.values().length) {
      fail("fewer rows than activations");
    }
  }
}
