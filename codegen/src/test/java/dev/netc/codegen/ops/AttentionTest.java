package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code multi_head_attention} and {@code layernorm} promise besides matching PyTorch (the
 * fixtures under {@code fixtures/net/attention}): readable parameter names and layouts, a causal
 * layer that never reads the future, the key bias's exactly-zero gradient, statistics per row.
 */
class AttentionTest {

  private static final String MHA = """
      network Mha {
        input x: float[5, 6];
        attn = multi_head_attention(2, key_dim: 4, causal: %s);
        loss mse;
      }
      """;

  @Test
  void attentionParametersAreNamedAndShapedAsDocumented() {
    Model model = Nets.model(MHA.formatted("false"));
    List<String> names = model.parameterInfo().stream().map(ParameterInfo::name).toList();
    assertEquals(List.of("attn.query_weight", "attn.query_bias", "attn.key_weight", "attn.key_bias",
        "attn.value_weight", "attn.value_bias", "attn.output_weight", "attn.output_bias"), names);
    List<String> shapes = model.parameterInfo().stream().map(p -> Arrays.toString(p.shape())).toList();
    // [in, out] like dense: D = 6 -> heads * key_dim = 8 and back
    assertEquals(List.of("[6, 8]", "[8]", "[6, 8]", "[8]", "[6, 8]", "[8]", "[8, 6]", "[6]"), shapes);
  }

  @Test
  void layernormParametersCoverTheNormalizedAxes() {
    Model model = Nets.model("""
        network Ln {
          input x: float[2, 3, 4];
          norm = layernorm(axes: [1, 2]);
          loss mse;
        }
        """);
    assertEquals(List.of("norm.gamma [3, 4]", "norm.beta [3, 4]"), model.parameterInfo().stream()
        .map(p -> p.name() + " " + Arrays.toString(p.shape())).toList());
  }

  @ParameterizedTest(name = "causal {0}")
  @ValueSource(booleans = {true, false})
  void aCausalLayerNeverReadsLaterPositions(boolean causal) {
    Model model = Nets.model(MHA.formatted(causal));
    model.initialize(3);
    Random random = new Random(4);
    float[] x = new float[2 * model.inputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    float[] before = forward(model, x);
    // change positions 3 and 4 of both examples
    for (int b = 0; b < 2; b++) {
      for (int i = 3 * 6; i < 5 * 6; i++) {
        x[b * 30 + i] += 1f;
      }
    }
    float[] after = forward(model, x);
    for (int b = 0; b < 2; b++) {
      float[] early = Arrays.copyOfRange(before, b * 30, b * 30 + 18);
      float[] earlyAfter = Arrays.copyOfRange(after, b * 30, b * 30 + 18);
      if (causal) {
        assertArrayEquals(early, earlyAfter, "positions 0..2 of example " + b + " read the future");
      } else {
        assertFalse(Arrays.equals(early, earlyAfter), "without causal every position sees every other");
      }
    }
  }

  @Test
  void keyBiasGradientIsZero() {
    // q . bk adds one constant to a row of scores, which the softmax ignores: exactly 0 in real
    // arithmetic, float rounding here (the PyTorch fixtures leave this tensor out for that reason)
    Model model = Nets.model(MHA.formatted("true"));
    model.initialize(5);
    Random random = new Random(6);
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.3 * random.nextGaussian());
    }
    float[] x = new float[3 * model.inputSize()];
    float[] t = new float[3 * model.targetSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
      t[i] = (float) random.nextGaussian();
    }
    Workspace ws = model.newWorkspace(3);
    model.computeGradients(ws, x, t, 3, false);
    double keyBias = maxAbs(ws.gradients(), param(model, "attn.key_bias"));
    double queryBias = maxAbs(ws.gradients(), param(model, "attn.query_bias"));
    assertTrue(queryBias > 1e-3, "the query bias has a real gradient: " + queryBias);
    assertTrue(keyBias < 1e-5 * queryBias, "key bias gradient " + keyBias + " vs query bias " + queryBias);
  }

  @Test
  void layernormNormalizesEachRowOfEachExampleOnItsOwn() {
    Model model = Nets.model("""
        network Ln {
          input x: float[3, 4];
          layernorm;
          loss mse;
        }
        """);
    model.initialize(1); // gamma 1, beta 0
    float[] x = {1, 2, 3, 4, 10, 10, 10, 14, -5, 0, 5, 0, /* example 2 */ 100, 200, 300, 400, 0, 0, 0, 8, 1, 1, 1, 1};
    float[] y = forward(model, x);
    for (int row = 0; row < 6; row++) {
      double mean = 0;
      double squares = 0;
      for (int j = 0; j < 4; j++) {
        mean += y[row * 4 + j] / 4.0;
      }
      for (int j = 0; j < 4; j++) {
        squares += Math.pow(y[row * 4 + j] - mean, 2) / 4.0;
      }
      assertEquals(0, mean, 1e-6, "row " + row);
      // a constant row has variance 0: it normalizes to 0, not NaN
      assertEquals(row == 5 ? 0 : 1, squares, 1e-3, "row " + row);
    }
    // rows 0 and 3 differ only by scale and offset: the same normalized values
    assertArrayEquals(Arrays.copyOfRange(y, 0, 4), Arrays.copyOfRange(y, 12, 16), 1e-5f);
  }

  private static float[] forward(Model model, float[] x) {
    int batch = x.length / model.inputSize();
    float[] out = new float[batch * model.outputSize()];
    model.forward(model.newWorkspace(batch), x, out, batch, false);
    return out;
  }

  private static ParameterInfo param(Model model, String name) {
    return model.parameterInfo().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
  }

  private static double maxAbs(float[] a, ParameterInfo info) {
    double max = 0;
    for (int i = info.offset(); i < info.offset() + info.size(); i++) {
      max = Math.max(max, Math.abs(a[i]));
    }
    return max;
  }
}
