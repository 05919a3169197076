package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Backpropagation through time of {@code rnn}, {@code lstm}, {@code gru}, and the backward passes of
 * {@code embedding} and {@code time_dense}, against central finite differences (every parameter and
 * input element, batch 2), with the tolerance and step of {@link GradientCheckTest}: relative error
 * at most 1e-3 with h = 1e-2. Sequences run up to 12 steps, last-step and all-steps outputs,
 * forward and reversed, and a single unit and a single step. The relu rnn retries seeds until no pre-activation of any step lies within
 * 0.05 of the kink.
 */
@FiniteDifferenceTests
class RecurrentGradientCheckTest {
  static final int BATCH = 2;
  static final double H = 1e-2;
  static final double TOLERANCE = 1e-3;

  @ParameterizedTest(name = "{0}({1}) T={2} F={3} sequences={4} reverse={5}")
  @CsvSource({
      "rnn, tanh, 5, 3, false, false",
      "rnn, tanh, 12, 2, true, false",
      "rnn, tanh, 7, 3, true, true",
      "rnn, tanh, 12, 3, false, true",
      "rnn, relu, 6, 3, false, false",
      "rnn, relu, 8, 2, true, true",
      "lstm, , 5, 3, false, false",
      "lstm, , 12, 2, true, false",
      "lstm, , 8, 3, false, true",
      "lstm, , 10, 2, true, true",
      "gru, , 5, 3, false, false",
      "gru, , 12, 2, true, false",
      "gru, , 8, 3, false, true",
      "gru, , 10, 2, true, true",
  })
  void recurrent(String op, String activation, int steps, int features, boolean sequences, boolean reverse) {
    String act = activation == null ? "" : ", activation: " + activation;
    String head = sequences ? "time_dense(3);" : "dense(3);";
    String source = """
        network Rec {
          input x: float[%d, %d];
          %s(4%s, sequences: %s, reverse: %s);
          %s
          loss mse;
        }
        """.formatted(steps, features, op, act, sequences, reverse, head);
    Model model = Nets.model(source);
    GradCheck.Report report = checkWithMargin(model, op + " " + activation, "relu".equals(activation));
    System.out.println(op + "(" + activation + ") T=" + steps + " seq=" + sequences + " rev=" + reverse + ": " + report);
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, "gradient check failed\n" + report);
  }

  /** One unit: the loops over units fold away (gate offsets are constants); one step: no recurrence. */
  @ParameterizedTest(name = "{0} units=1 T={1} sequences={2} reverse={3}")
  @CsvSource({
      "rnn, 3, false, false",
      "rnn, 1, true, false",
      "lstm, 3, true, true",
      "lstm, 1, false, false",
      "gru, 3, false, true",
      "gru, 1, true, false",
  })
  void oneUnit(String op, int steps, boolean sequences, boolean reverse) {
    String head = sequences ? "time_dense(2);" : "dense(2);";
    Model model = Nets.model("""
        network One {
          input x: float[%d, 2];
          %s(1, sequences: %s, reverse: %s);
          %s
          loss mse;
        }
        """.formatted(steps, op, sequences, reverse, head));
    GradCheck.Report report = checkWithMargin(model, op, false);
    assertEquals(model.parameterCount() + BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= TOLERANCE, op + " with one unit: gradient check failed\n" + report);
  }

  @Test
  void stackedLstmGruWithEmbedding() {
    Model model = Nets.model("""
        network Stack {
          input ids: int[6];
          embedding(vocab: 5, dim: 3);
          lstm(4, sequences: true);
          gru(3, sequences: true, reverse: true);
          time_dense(5);
          loss softmax_cross_entropy;
        }
        """);
    GradCheck.Report report = null;
    for (long seed = 1; seed < 20 && report == null; seed++) {
      model.initialize(seed);
      Random random = new Random(seed);
      float[] x = new float[BATCH * model.inputSize()];
      float[] t = new float[BATCH * model.targetSize()];
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(5);
      }
      oneHot(random, t, 5);
      noise(random, model);
      report = GradCheck.check(model, x, t, BATCH, H, seed);
    }
    System.out.println("embedding + lstm + gru + time_dense: " + report);
    assertTrue(report.worst() <= TOLERANCE, "gradient check failed\n" + report);
  }

  @Test
  void timeDenseWithActivationOnSequence() {
    Model model = Nets.model("""
        network Td {
          input x: float[4, 3];
          time_dense(5, activation: tanh);
          time_dense(2, activation: gelu);
          loss mse;
        }
        """);
    GradCheck.Report report = checkWithMargin(model, "time_dense", false);
    assertTrue(report.worst() <= TOLERANCE, "gradient check failed\n" + report);
  }

  @Test
  void embeddingLooksUpRowsAndRejectsBadIds() {
    Model model = Nets.model("""
        network Emb {
          input ids: int[3];
          embedding(vocab: 4, dim: 2);
          flatten;
          dense(1);
          loss mse;
        }
        """);
    model.initialize(3);
    float[] p = model.parameters();
    int[] ids = {2, 0, 3};
    double expected = p[8 + 6]; // table [4, 2] at 0, dense weight [6, 1] at 8, bias at 14
    for (int r = 0; r < 3; r++) {
      for (int j = 0; j < 2; j++) {
        expected += p[ids[r] * 2 + j] * p[8 + r * 2 + j];
      }
    }
    float[] out = model.predict(new float[] {2, 0, 3});
    assertEquals(expected, out[0], 1e-6);
    try {
      model.predict(new float[] {4, 0, 0});
      throw new AssertionError("id 4 of vocab 4 accepted");
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("outside [0, 4)"), e.getMessage());
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "input ids: int[8]; dense(3);|dense: int input needs embedding first",
      "input ids: int[8]; lstm(3);|lstm: int input needs embedding first",
      "input x: float[8]; lstm(3);|lstm: expected input [T, F] (time steps, features), got float[8]; token ids need embedding first, one feature per step needs reshape([8, 1])",
      "input x: float[4, 3]; dense(3);|dense: expected rank-1 input",
      "input x: float[4, 3]; time_dense(3); flatten; dense(2);|",
  })
  void errors(String body, String expected) {
    String source = "network Bad {\n  " + body + "\n  loss mse;\n}\n";
    CompileResult result = NetcCompiler.compile(new SourceFile("Bad.net", source), Nets.PACKAGE);
    String messages = result.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    if (expected == null) {
      assertTrue(!result.hasErrors(), messages);
    } else {
      assertTrue(messages.contains("Bad.net:2:") && messages.contains(expected),
          "expected " + expected + " in:\n" + messages);
    }
  }

  // ---- helpers

  /** Seeds until the data is accepted (for relu: every pre-activation of every step away from 0). */
  static GradCheck.Report checkWithMargin(Model model, String label, boolean relu) {
    for (long seed = 1; seed < 200; seed++) {
      model.initialize(seed);
      Random random = new Random(seed);
      float[] x = new float[BATCH * model.inputSize()];
      float[] t = new float[BATCH * model.targetSize()];
      for (int i = 0; i < x.length; i++) {
        float mag = 0.2f + 1.3f * random.nextFloat();
        x[i] = random.nextBoolean() ? mag : -mag;
      }
      for (int i = 0; i < t.length; i++) {
        t[i] = (float) random.nextGaussian();
      }
      noise(random, model);
      if (relu && !awayFromKink(model, x)) {
        continue;
      }
      try {
        return GradCheck.check(model, x, t, BATCH, H, seed);
      } catch (GradCheck.Kink k) {
        // next seed
      }
    }
    throw new AssertionError(label + ": no seed without a kink");
  }

  /** Recomputes the relu rnn's pre-activations from its hidden states: |pre| >= 0.05 everywhere. */
  private static boolean awayFromKink(Model model, float[] x) {
    Workspace ws = model.newWorkspace(BATCH);
    float[] t = new float[BATCH * model.targetSize()];
    model.computeGradients(ws, x, t, BATCH, false);
    // the relu rnn is the only layer: its pre-activation is bias + x W_ih + h' W_hh; rebuild it
    float[] p = model.parameters();
    float[] hs = ws.buffers[GradCheck.bufferConstant(model, "HS_RNN_1")];
    int units = 4;
    int steps = hs.length / BATCH / units;
    int features = model.inputSize() / steps;
    int wih = 0;
    int whh = features * units;
    int bias = whh + units * units;
    boolean reverse = model.summary().contains("reversed");
    for (int b = 0; b < BATCH; b++) {
      for (int s = 0; s < steps; s++) {
        int time = reverse ? steps - 1 - s : s;
        int prev = reverse ? time + 1 : time - 1;
        for (int j = 0; j < units; j++) {
          double pre = p[bias + j];
          for (int i = 0; i < features; i++) {
            pre += x[b * steps * features + time * features + i] * p[wih + i * units + j];
          }
          if (s > 0) {
            for (int k = 0; k < units; k++) {
              pre += hs[b * steps * units + prev * units + k] * p[whh + k * units + j];
            }
          }
          if (Math.abs(pre) < 0.05) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private static void noise(Random random, Model model) {
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
  }

  private static void oneHot(Random random, float[] t, int classes) {
    for (int r = 0; r < t.length / classes; r++) {
      t[r * classes + random.nextInt(classes)] = 1f;
    }
  }
}
