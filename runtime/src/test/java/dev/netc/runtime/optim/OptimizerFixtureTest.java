package dev.netc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.netc.runtime.OptimizerSpec;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Replays fixtures/optimizers.csv, written by fixtures/optimizers.py with PyTorch: the first five
 * steps of every optimizer must agree to 1e-6 relative error. Needs only the committed CSV, which
 * must name the torch version and the script that wrote it ({@link #checkProvenance}).
 */
class OptimizerFixtureTest {
  /** What a torch row must hold: a release version such as 2.1.0 or 1.13.0a0. */
  static final Pattern TORCH_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+[A-Za-z0-9.+_-]*");

  @Test
  void provenanceMustBeWellFormed() {
    checkProvenance("f.csv", "2.1.0", "optimizers.py");
    for (String[] bad : new String[][] {{null, "optimizers.py"}, {"2.1", "optimizers.py"},
        {"latest", "optimizers.py"}, {"2.1.0", null}, {"2.1.0", "../optimizers.py"}, {"2.1.0", "gone.py"}}) {
      assertThrows(AssertionError.class, () -> checkProvenance("f.csv", bad[0], bad[1]),
          bad[0] + " / " + bad[1]);
    }
  }

  @Test
  void everyOptimizerMatchesPyTorchForFiveSteps() throws Exception {
    float[] p0 = null;
    List<float[]> grads = new ArrayList<>();
    Map<String, OptimizerSpec> cases = new LinkedHashMap<>();
    Map<String, List<float[]>> expected = new LinkedHashMap<>();
    String torch = null;
    String script = null;
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(
                getClass().getResourceAsStream("/fixtures/optimizers.csv"), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split(",");
        switch (f[0]) {
          case "torch" -> torch = f[1];
          case "script" -> script = f[1];
          case "p0" -> p0 = floats(f, 2);
          case "grad" -> grads.add(floats(f, 2));
          case "case" -> {
            Map<String, Double> args = new LinkedHashMap<>();
            for (String kv : f[3].split(";")) {
              String[] p = kv.split("=");
              args.put(p[0], Double.parseDouble(p[1]));
            }
            cases.put(f[1], new OptimizerSpec(f[2], args));
            expected.put(f[1], new ArrayList<>());
          }
          case "step" -> expected.get(f[1]).add(floats(f, 3));
          default -> fail("bad fixture line " + line);
        }
      }
    }
    checkProvenance("optimizers.csv", torch, script);
    // every optimizer but L-BFGS (lbfgs.csv, LbfgsFixtureTest) has a case
    Set<String> covered = new TreeSet<>();
    cases.values().forEach(spec -> covered.add(spec.name()));
    Set<String> wanted = new TreeSet<>(Optimizers.names());
    wanted.remove("lbfgs");
    assertEquals(wanted, covered);
    int checked = 0;
    double worst = 0;
    for (Map.Entry<String, OptimizerSpec> c : cases.entrySet()) {
      Optimizer o = Optimizers.create(c.getValue());
      float[] p = p0.clone();
      List<float[]> steps = expected.get(c.getKey());
      assertEquals(5, steps.size());
      for (int s = 0; s < 5; s++) {
        o.step(p, grads.get(s));
        for (int i = 0; i < p.length; i++) {
          double e = steps.get(s)[i];
          double rel = Math.abs(p[i] - e) / Math.max(Math.abs(e), 1e-30);
          worst = Math.max(worst, rel);
          assertTrue(rel <= 1e-6,
              c.getKey() + " step " + (s + 1) + " p" + i + ": expected " + e + ", got " + p[i]
                  + " (relative error " + rel + ")");
          checked++;
        }
      }
    }
    assertEquals(cases.size() * 5 * 8, checked);
    assertTrue(worst <= 1e-6, "worst relative error " + worst);
  }

  /**
   * Fails unless {@code torch} is a PyTorch version such as 2.1.0 and {@code script} names the
   * Python script, next to the fixture, that wrote {@code fixture}.
   */
  static void checkProvenance(String fixture, String torch, String script) {
    assertNotNull(torch, fixture + ": no 'torch,<version>' row: the PyTorch version that computed the numbers");
    assertTrue(TORCH_VERSION.matcher(torch).matches(), fixture + ": malformed torch version '" + torch + "'");
    assertNotNull(script, fixture + ": no 'script,<file>.py' row naming the script that wrote it");
    assertTrue(script.matches("[A-Za-z0-9_]+\\.py"), fixture + ": malformed script name '" + script + "'");
    assertNotNull(OptimizerFixtureTest.class.getResource("/fixtures/" + script),
        fixture + ": written by " + script + ", which is not next to it");
  }

  static float[] floats(String[] f, int from) {
    float[] v = new float[f.length - from];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(f[from + i]);
    }
    return v;
  }
}
