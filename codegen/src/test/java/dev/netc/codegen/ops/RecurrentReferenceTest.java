package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * rnn, lstm, gru and embedding against PyTorch: the committed fixtures of
 * {@code src/test/resources/fixtures/recurrent_reference.py} (fixed weights and inputs in PyTorch's
 * layout; PyTorch's outputs and autograd gradients of mean((y - target)^2), in float64). The
 * generated float32 forward output and every gradient must agree within 1e-4 relative error:
 * max|netc - reference| / max|reference| per tensor. Needs neither Python nor PyTorch.
 *
 * <p>Layout mapping (see RecurrentOp): netc's weight_ih/weight_hh are PyTorch's transposed; rnn and
 * lstm hold one bias b_ih + b_hh (its gradient equals PyTorch's b_ih gradient, and b_hh's); gru keeps
 * both biases as PyTorch does.
 */
class RecurrentReferenceTest {
  static final double TOLERANCE = 1e-4;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "rnn_tanh_seq|float[6, 3]|rnn(4, activation: tanh, sequences: true)",
      "rnn_relu_last_rev|float[5, 3]|rnn(4, activation: relu, reverse: true)",
      "lstm_seq|float[8, 3]|lstm(4, sequences: true)",
      "lstm_last_rev_t12|float[12, 2]|lstm(3, reverse: true)",
      "gru_seq|float[8, 3]|gru(4, sequences: true)",
      "gru_last_rev_t12|float[12, 2]|gru(3, reverse: true)",
      "embedding_lstm_seq|int[6]|embedding(vocab: 5, dim: 3); lstm(4, sequences: true)",
      "embedding_gru_last_rev|int[7]|embedding(vocab: 6, dim: 2); gru(3, reverse: true)",
  })
  void matchesPyTorch(String name, String input, String layers) throws IOException {
    Map<String, double[]> f = fixture(name);
    Model model = Nets.model("network Ref {\n  input x: " + input + ";\n  " + layers + ";\n  loss mse;\n}\n");
    String layer = layers.contains("lstm") ? "lstm_1" : layers.contains("gru") ? "gru_1" : "rnn_1";
    boolean gru = layer.startsWith("gru");
    boolean embedding = f.containsKey("ids");
    int gh = f.get("bias_ih").length;
    int hidden = f.get("weight_hh").length / gh;
    int features = f.get("weight_ih").length / gh;

    model.initialize(0);
    float[] p = model.parameters();
    Map<String, ParameterInfo> info = new HashMap<>();
    model.parameterInfo().forEach(i -> info.put(i.name(), i));
    put(p, info.get(layer + ".weight_ih"), transpose(f.get("weight_ih"), gh, features));
    put(p, info.get(layer + ".weight_hh"), transpose(f.get("weight_hh"), gh, hidden));
    if (gru) {
      put(p, info.get(layer + ".bias_ih"), f.get("bias_ih"));
      put(p, info.get(layer + ".bias_hh"), f.get("bias_hh"));
    } else {
      double[] bias = new double[gh];
      for (int j = 0; j < gh; j++) {
        bias[j] = (float) f.get("bias_ih")[j] + (float) f.get("bias_hh")[j];
      }
      // lstm: bias_i, bias_f, bias_g, bias_o are consecutive, one [4H] vector from bias_i
      put(p, info.get(layer + (layer.startsWith("lstm") ? ".bias_i" : ".bias")), bias, gh);
    }
    if (embedding) {
      put(p, info.get("embedding_1.table"), f.get("table"));
    }

    int batch = 2;
    float[] x = floats(f.get(embedding ? "ids" : "x"));
    float[] t = floats(f.get("target"));
    Workspace ws = model.newWorkspace(batch);
    double loss = model.computeGradients(ws, x, t, batch, true);
    float[] y = new float[f.get("y").length];
    float[] y1 = model.predict(java.util.Arrays.copyOfRange(x, 0, model.inputSize()));
    float[] y2 = model.predict(java.util.Arrays.copyOfRange(x, model.inputSize(), 2 * model.inputSize()));
    System.arraycopy(y1, 0, y, 0, y1.length);
    System.arraycopy(y2, 0, y, y1.length, y2.length);
    float[] g = ws.gradients();

    StringBuilder report = new StringBuilder(name + ":\n");
    double worst = 0;
    worst = Math.max(worst, compare(report, "y", y, f.get("y")));
    worst = Math.max(worst, compare(report, "loss", new float[] {(float) loss}, f.get("loss")));
    worst = Math.max(worst, compare(report, "grad weight_ih", slice(g, info.get(layer + ".weight_ih")),
        transpose(f.get("grad_weight_ih"), gh, features)));
    worst = Math.max(worst, compare(report, "grad weight_hh", slice(g, info.get(layer + ".weight_hh")),
        transpose(f.get("grad_weight_hh"), gh, hidden)));
    if (gru) {
      worst = Math.max(worst, compare(report, "grad bias_ih", slice(g, info.get(layer + ".bias_ih")), f.get("grad_bias_ih")));
      worst = Math.max(worst, compare(report, "grad bias_hh", slice(g, info.get(layer + ".bias_hh")), f.get("grad_bias_hh")));
    } else {
      ParameterInfo first = info.get(layer + (layer.startsWith("lstm") ? ".bias_i" : ".bias"));
      float[] bias = java.util.Arrays.copyOfRange(g, first.offset(), first.offset() + gh);
      worst = Math.max(worst, compare(report, "grad bias (= b_ih)", bias, f.get("grad_bias_ih")));
      worst = Math.max(worst, compare(report, "grad bias (= b_hh)", bias, f.get("grad_bias_hh")));
    }
    if (embedding) {
      worst = Math.max(worst, compare(report, "grad table", slice(g, info.get("embedding_1.table")), f.get("grad_table")));
    } else {
      worst = Math.max(worst, compare(report, "grad x", java.util.Arrays.copyOf(ws.inputGradient(), x.length), f.get("grad_x")));
    }
    System.out.print(report);
    assertTrue(worst <= TOLERANCE, "disagrees with PyTorch beyond " + TOLERANCE + "\n" + report);
  }

  // ---- helpers

  /** The named arrays of one fixture file: "name dims..." lines, each followed by a line of values. */
  static Map<String, double[]> fixture(String name) throws IOException {
    String path = "/fixtures/recurrent/" + name + ".txt";
    try (InputStream in = RecurrentReferenceTest.class.getResourceAsStream(path)) {
      assertNotNull(in, path + " missing: run fixtures/recurrent_reference.py");
      String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
      Map<String, double[]> out = new HashMap<>();
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].startsWith("#") || lines[i].isBlank()) {
          continue;
        }
        String key = lines[i].split(" ")[0];
        String[] values = lines[++i].trim().split(" ");
        double[] a = new double[values.length];
        for (int k = 0; k < a.length; k++) {
          a[k] = Double.parseDouble(values[k]);
        }
        out.put(key, a);
      }
      return out;
    }
  }

  /** PyTorch's [rows, cols] as netc's [cols, rows]. */
  static double[] transpose(double[] a, int rows, int cols) {
    double[] t = new double[a.length];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[r * cols + c];
      }
    }
    return t;
  }

  static void put(float[] p, ParameterInfo info, double[] values) {
    assertNotNull(info);
    assertEquals(info.size(), values.length, info.name());
    put(p, info, values, values.length);
  }

  static void put(float[] p, ParameterInfo info, double[] values, int n) {
    assertNotNull(info);
    for (int i = 0; i < n; i++) {
      p[info.offset() + i] = (float) values[i];
    }
  }

  static float[] slice(float[] g, ParameterInfo info) {
    return java.util.Arrays.copyOfRange(g, info.offset(), info.offset() + info.size());
  }

  static float[] floats(double[] a) {
    float[] f = new float[a.length];
    for (int i = 0; i < a.length; i++) {
      f[i] = (float) a[i];
    }
    return f;
  }

  static double compare(StringBuilder report, String what, float[] actual, double[] expected) {
    assertEquals(expected.length, actual.length, what);
    double diff = 0;
    double max = 0;
    for (int i = 0; i < actual.length; i++) {
      diff = Math.max(diff, Math.abs(actual[i] - expected[i]));
      max = Math.max(max, Math.abs(expected[i]));
    }
    double err = diff / Math.max(max, 1e-12);
    report.append(String.format(Locale.ROOT, "  %-20s n=%-4d rel err %.2e (max|ref| %.3g)%n", what, actual.length, err, max));
    return err;
  }
}
