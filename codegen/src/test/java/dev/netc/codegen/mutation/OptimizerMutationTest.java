package dev.netc.codegen.mutation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.optim.Optimizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link OptimizerMutationCase} is caught: the pattern is in the optimizer's source, the
 * unmutated package (loaded apart like the mutant, {@link RuntimeSources}) reproduces PyTorch's first
 * five steps of the named fixture cases within OptimizerFixtureTest's 1e-6, and the mutant misses
 * them by more than 10 x that. L-BFGS, which has no step fixture, must instead reach the minimizer
 * of a quadratic within 1e-4 unmutated and miss it by more than 10 x that mutated.
 */
class OptimizerMutationTest {
  static final String PKG = "dev.netc.runtime.optim";
  static final double FIXTURE_TOLERANCE = 1e-6;
  static final double QUADRATIC_TOLERANCE = 1e-4;
  static final double FACTOR = 10;

  static List<OptimizerMutationCase> cases() {
    return MutationCases.optimizers();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutantMissesTheReference(OptimizerMutationCase c) throws Exception {
    for (String target : c.targets()) {
      String built = Optimizers.create(new OptimizerSpec(target, Map.of())).getClass().getSimpleName() + ".java";
      assertEquals(c.file(), built, c.id() + ": optimizer " + target + " is not built from " + c.file());
    }
    String source = RuntimeSources.read(PKG, c.file());
    assertTrue(source.contains(c.pattern()), c.id() + ": " + c.file() + " no longer contains `" + c.pattern() + "`");
    Map<String, String> mutated = Map.of(c.file(), source.replace(c.pattern(), c.replacement()));

    double tolerance = c.fixtureCases().isEmpty() ? QUADRATIC_TOLERANCE : FIXTURE_TOLERANCE;
    double before = error(RuntimeSources.compile(PKG, Map.of()), c);
    double after = error(RuntimeSources.compile(PKG, mutated), c);
    System.out.printf(Locale.ROOT, "optimizer  %-36s before %.1e after %.1e (tolerance %.0e)%n", c.id(), before,
        after, tolerance);
    assertTrue(before <= tolerance, c.id() + ": the unmutated optimizer misses the reference by " + before);
    assertTrue(after > FACTOR * tolerance, c.id() + ": the mutant (" + c.why() + ") stays within " + after);
  }

  private static double error(ClassLoader loader, OptimizerMutationCase c) throws Exception {
    return c.fixtureCases().isEmpty() ? quadratic(loader) : fixture(loader, c.fixtureCases());
  }

  /** Worst relative error over the first five steps of the fixture cases, as OptimizerFixtureTest measures it. */
  private static double fixture(ClassLoader loader, List<String> caseIds) throws Exception {
    Fixture f = Fixture.read();
    Method create = loader.loadClass(PKG + ".Optimizers").getMethod("create", OptimizerSpec.class);
    // through the public interface: the implementations inherit step from a package-private class
    Method step = loader.loadClass(PKG + ".Optimizer").getMethod("step", float[].class, float[].class);
    double worst = 0;
    for (String id : caseIds) {
      OptimizerSpec spec = f.cases.get(id);
      assertTrue(spec != null, "optimizers.csv has no case " + id);
      Object optimizer = create.invoke(null, spec);
      float[] p = f.p0.clone();
      for (int s = 0; s < 5; s++) {
        invoke(step, optimizer, p, f.grads.get(s));
        float[] expected = f.steps.get(id).get(s);
        for (int i = 0; i < p.length; i++) {
          double rel = Math.abs(p[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-30);
          worst = Math.max(worst, Double.isNaN(rel) ? Double.POSITIVE_INFINITY : rel);
        }
      }
    }
    return worst;
  }

  /**
   * L-BFGS (PyTorch's defaults, 20 iterations per step) for three steps on f(x) = ½ Σ a_i (x_i -
   * c_i)² with curvatures 1 to 8: the largest distance from the minimizer c.
   */
  private static double quadratic(ClassLoader loader) throws Exception {
    double[] a = {1, 2, 4, 8, 3, 5};
    double[] c = {0.5, -1, 2, 0.25, -0.75, 1.5};
    Class<?> closureType = loader.loadClass(PKG + ".Lbfgs$Closure");
    Object closure = Proxy.newProxyInstance(loader, new Class<?>[] {closureType}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "hashCode" -> {
          return System.identityHashCode(proxy);
        }
        case "equals" -> {
          return proxy == args[0];
        }
        case "toString" -> {
          return "quadratic";
        }
        default -> { }
      }
      float[] x = (float[]) args[0];
      float[] g = (float[]) args[1];
      double loss = 0;
      for (int i = 0; i < x.length; i++) {
        double d = x[i] - c[i];
        loss += 0.5 * a[i] * d * d;
        g[i] = (float) (a[i] * d);
      }
      return loss;
    });
    Object lbfgs = loader.loadClass(PKG + ".Lbfgs").getConstructor().newInstance();
    Method step = lbfgs.getClass().getMethod("step", float[].class, closureType);
    float[] x = new float[a.length];
    for (int s = 0; s < 3; s++) {
      invoke(step, lbfgs, x, closure);
    }
    double worst = 0;
    for (int i = 0; i < x.length; i++) {
      double d = Math.abs(x[i] - c[i]);
      worst = Math.max(worst, Double.isNaN(d) ? Double.POSITIVE_INFINITY : d);
    }
    return worst;
  }

  private static void invoke(Method m, Object target, Object... args) throws Exception {
    try {
      m.invoke(target, args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception ex) {
        throw ex;
      }
      throw e;
    }
  }

  /** The runtime's {@code fixtures/optimizers.csv}: p0, five gradients, each case's spec and steps. */
  private record Fixture(float[] p0, List<float[]> grads, Map<String, OptimizerSpec> cases,
      Map<String, List<float[]>> steps) {
    static Fixture read() {
      Path csv = Path.of("..", "runtime", "src", "test", "resources", "fixtures", "optimizers.csv");
      float[] p0 = null;
      List<float[]> grads = new ArrayList<>();
      Map<String, OptimizerSpec> cases = new LinkedHashMap<>();
      Map<String, List<float[]>> steps = new LinkedHashMap<>();
      try {
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
          if (line.startsWith("#") || line.isBlank() || line.startsWith("torch,") || line.startsWith("script,")) {
            continue; // comments and the provenance rows OptimizerFixtureTest checks
          }
          String[] f = line.split(",");
          switch (f[0]) {
            case "p0" -> p0 = floats(f, 2);
            case "grad" -> grads.add(floats(f, 2));
            case "case" -> {
              Map<String, Double> args = new LinkedHashMap<>();
              for (String kv : f[3].split(";")) {
                String[] p = kv.split("=");
                args.put(p[0], Double.parseDouble(p[1]));
              }
              cases.put(f[1], new OptimizerSpec(f[2], args));
              steps.put(f[1], new ArrayList<>());
            }
            case "step" -> steps.get(f[1]).add(floats(f, 3));
            default -> throw new IllegalStateException("bad line in " + csv + ": " + line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return new Fixture(p0, grads, cases, steps);
    }

    private static float[] floats(String[] f, int from) {
      float[] v = new float[f.length - from];
      for (int i = 0; i < v.length; i++) {
        v[i] = Float.parseFloat(f[from + i]);
      }
      return v;
    }
  }
}
