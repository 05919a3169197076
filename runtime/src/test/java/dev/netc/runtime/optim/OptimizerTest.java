package dev.netc.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.OptimizerSpec;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Three steps of each optimizer against values worked out by hand (in double precision) from the
 * PyTorch update rules, on p0 = [0.5, -1.5, 2] with the gradients below.
 */
class OptimizerTest {
  private static final float[] P0 = {0.5f, -1.5f, 2f};
  private static final float[][] GRADS = {{0.1f, -0.2f, 0.3f}, {-0.05f, 0.4f, 0f}, {0.2f, 0.1f, -0.3f}};

  @Test
  void sgd() {
    // p -= 0.1 g
    run(
        new Sgd(0.1),
        new float[][] {{0.49f, -1.48f, 1.97f}, {0.495f, -1.52f, 1.97f}, {0.475f, -1.53f, 2.0f}});
  }

  @Test
  void sgdMomentum() {
    // v1 = g1 = [0.1, -0.2, 0.3]                      p1 = p0 - 0.1 v1 = [0.49, -1.48, 1.97]
    // v2 = 0.9 v1 + g2 = [0.04, 0.22, 0.27]            p2 = [0.486, -1.502, 1.943]
    // v3 = 0.9 v2 + g3 = [0.236, 0.298, -0.057]        p3 = [0.4624, -1.5318, 1.9487]
    run(
        new Sgd(0.1, 0.9),
        new float[][] {
          {0.49f, -1.48f, 1.97f}, {0.486f, -1.502f, 1.943f}, {0.4624f, -1.5318f, 1.9487f}
        });
  }

  @Test
  void sgdNesterovWithWeightDecay() {
    // g' = g + 0.01 p;  v = 0.9 v + g';  p -= 0.1 (g' + 0.9 v)
    // step 1: g' = [0.105, -0.215, 0.32], v = g', p1 = p0 - 0.1 * 1.9 g' = [0.48005, -1.45915, 1.9392]
    run(
        new Sgd(0.1, 0.9, true, 0.01),
        new float[][] {
          {0.48005f, -1.45915f, 1.9392f},
          {0.480132905f, -1.514962615f, 1.909595520f},
          {0.437227312f, -1.546628775f, 1.938068537f}
        });
  }

  @Test
  void adam() {
    // step 1: m^ = g, v^ = g^2, so p1 = p0 - 0.01 g / (|g| + 1e-8) = p0 - 0.01 sign(g)
    run(
        new Adam(0.01),
        new float[][] {
          {0.490000001f, -1.490000001f, 1.99f},
          {0.487336631f, -1.493661036f, 1.983299418f},
          {0.480755515f, -1.497817547f, 1.984158095f}
        });
  }

  @Test
  void adamWithWeightDecayAndOtherBetas() {
    run(
        new Adam(0.1, 0.8, 0.99, 1e-6, 0.1),
        new float[][] {
          {0.400000667f, -1.400000286f, 1.900000200f},
          {0.342368974f, -1.396393702f, 1.813173801f},
          {0.260358042f, -1.387343580f, 1.767216015f}
        });
  }

  @Test
  void resetForgetsStateAndStepsAgainFromScratch() {
    for (Optimizer o : new Optimizer[] {new Sgd(0.1, 0.9), new Adam(0.01)}) {
      float[] a = P0.clone();
      o.step(a, GRADS[0]);
      o.step(a, GRADS[1]);
      o.reset();
      float[] b = P0.clone();
      o.step(b, GRADS[0]);
      float[] c = P0.clone();
      newLike(o).step(c, GRADS[0]);
      assertTrue(java.util.Arrays.equals(b, c), o.describe());
    }
  }

  @Test
  void stateIsSizedOnFirstStepAndMismatchesAreRejected() {
    Optimizer o = new Adam(0.01);
    o.step(new float[3], new float[3]);
    assertThrows(IllegalStateException.class, () -> o.step(new float[4], new float[4]));
    assertThrows(IllegalArgumentException.class, () -> o.step(new float[3], new float[2]));
  }

  @Test
  void learningRateCanBeChanged() {
    Optimizer o = Optimizers.sgd(0.1);
    o.setLearningRate(0.5);
    assertEquals(0.5, o.learningRate());
    float[] p = {1f};
    o.step(p, new float[] {1f});
    assertEquals(0.5f, p[0]);
    assertThrows(IllegalArgumentException.class, () -> o.setLearningRate(Double.NaN));
  }

  @Test
  void createFromSpec() {
    Optimizer sgd = Optimizers.create(new OptimizerSpec("sgd", Map.of()));
    assertInstanceOf(Sgd.class, sgd);
    assertEquals(0.01, sgd.learningRate());
    Sgd s =
        (Sgd)
            Optimizers.create(
                new OptimizerSpec(
                    "sgd",
                    Map.of("lr", 0.05, "momentum", 0.9, "nesterov", 1.0, "weight_decay", 1e-4)));
    assertEquals(0.05, s.learningRate());
    assertEquals(0.9, s.momentum());
    assertTrue(s.nesterov());
    assertEquals(1e-4, s.weightDecay());
    assertEquals("sgd(lr=0.05, momentum=0.9, nesterov=1, weight_decay=1.0E-4)", s.describe());

    Adam a = (Adam) Optimizers.create(new OptimizerSpec("adam", Map.of("beta2", 0.99)));
    assertEquals(0.001, a.learningRate());
    assertEquals(0.9, a.beta1());
    assertEquals(0.99, a.beta2());
    assertEquals(1e-8, a.eps());
    assertEquals("adam(lr=0.001, beta1=0.9, beta2=0.99, eps=1.0E-8)", a.describe());
  }

  @Test
  void createRejectsUnknownNamesAndArguments() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Optimizers.create(new OptimizerSpec("rmsprop2", Map.of())));
    assertTrue(e.getMessage().contains("'rmsprop2'"), e.getMessage());
    assertTrue(e.getMessage().contains("adagrad, adam, adamw, gd, lbfgs, rmsprop, sgd"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Optimizers.create(new OptimizerSpec("adam", Map.of("beta", 0.9))));
    assertTrue(e.getMessage().contains("'beta'"), e.getMessage());
    assertTrue(e.getMessage().contains("lr, beta1, beta2, eps, weight_decay"), e.getMessage());

    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Optimizers.create(new OptimizerSpec("sgd", Map.of("nesterov", 2.0, "momentum", 0.9))));
    assertTrue(e.getMessage().contains("0 or 1"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> Optimizers.create(new OptimizerSpec("sgd", Map.of("nesterov", 1.0))));
    assertThrows(
        IllegalArgumentException.class,
        () -> Optimizers.create(new OptimizerSpec("sgd", Map.of("lr", -1.0))));
    assertThrows(
        IllegalArgumentException.class,
        () -> Optimizers.create(new OptimizerSpec("adam", Map.of("beta1", 1.0))));
  }

  @Test
  void staticFactories() {
    assertEquals("sgd(lr=0.1)", Optimizers.sgd(0.1).describe());
    assertEquals("sgd(lr=0.1, momentum=0.9)", Optimizers.sgd(0.1, 0.9).describe());
    assertEquals("adam(lr=0.002, beta1=0.9, beta2=0.999, eps=1.0E-8)", Optimizers.adam(0.002).describe());
  }

  private static Optimizer newLike(Optimizer o) {
    return o instanceof Sgd s
        ? new Sgd(s.learningRate(), s.momentum(), s.nesterov(), s.weightDecay())
        : new Adam(o.learningRate());
  }

  private static void run(Optimizer o, float[][] expected) {
    float[] p = P0.clone();
    for (int step = 0; step < 3; step++) {
      float[] g = GRADS[step].clone();
      o.step(p, g);
      assertTrue(java.util.Arrays.equals(GRADS[step], g), "gradient must not be modified");
      for (int i = 0; i < p.length; i++) {
        assertEquals(expected[step][i], p[i], 1e-6, o.describe() + " step " + (step + 1) + " p" + i);
      }
    }
  }
}
