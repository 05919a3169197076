package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated conv and pooling layers against PyTorch on committed fixtures
 * ({@code src/test/resources/fixtures/conv/}, written by {@code fixtures/conv_reference.py}; PyTorch
 * is not needed to run this test). Each fixture is one layer followed by {@code loss mse}: the
 * PyTorch weights are copied in (moving F last: netc stores conv weights {@code [C, kh, kw, F]}),
 * then the output, the loss, the input gradient and the parameter gradients must agree within
 * 1e-4 relative to the largest reference magnitude of each tensor.
 */
class ConvReferenceTest {
  static final double TOLERANCE = 1e-4;

  static Stream<String> fixtures() throws IOException {
    try (Stream<Path> list = Files.list(directory())) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
          .toList().stream();
    }
  }

  private static Path directory() {
    URL url = ConvReferenceTest.class.getResource("/fixtures/conv");
    if (url == null) {
      throw new IllegalStateException("src/test/resources/fixtures/conv is not on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyOpHasFixtures() throws IOException {
    String all = String.join(" ", fixtures().toList());
    for (String op : new String[] {"conv2d", "conv1d", "maxpool2d", "maxpool1d", "avgpool2d", "avgpool1d",
        "global_avgpool", "global_maxpool"}) {
      assertTrue(all.contains(op), "no fixture for " + op);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void agreesWithPyTorch(String fileName) throws IOException {
    Map<String, String> text = new HashMap<>();
    Map<String, float[]> v = new HashMap<>();
    for (String line : Files.readAllLines(directory().resolve(fileName), StandardCharsets.UTF_8)) {
      int space = line.indexOf(' ');
      String key = line.substring(0, space);
      String rest = line.substring(space + 1);
      if (key.equals("layer") || key.equals("input") || key.equals("batch")) {
        text.put(key, rest);
      } else {
        String[] parts = rest.trim().split(" ");
        float[] a = new float[parts.length];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) Double.parseDouble(parts[i]);
        }
        v.put(key, a);
      }
    }
    String layer = text.get("layer");
    String[] dims = text.get("input").split(" ");
    int batch = Integer.parseInt(text.get("batch"));
    Model model = Nets.model("""
        network Ref {
          input x: float[%s];
          %s;
          loss mse;
        }
        """.formatted(String.join(", ", dims), layer));
    boolean conv = layer.startsWith("conv");
    int[] weightShape = null;
    for (ParameterInfo info : model.parameterInfo()) {
      String role = info.name().substring(info.name().indexOf('.') + 1);
      float[] value = v.get(role);
      assertTrue(value != null, fileName + ": no reference value for " + info.name());
      assertEquals(info.size(), value.length, info.name() + " size");
      if (role.equals("weight")) {
        weightShape = info.shape();
        value = torchToNetc(value, info.shape());
      }
      System.arraycopy(value, 0, model.parameters(), info.offset(), value.length);
    }
    assertEquals(conv, weightShape != null, "conv layers have a weight");

    Workspace ws = model.newWorkspace(batch);
    float[] out = new float[batch * model.outputSize()];
    model.forward(ws, v.get("x"), out, batch, false);
    compare(fileName, "y", v.get("y"), out);
    double loss = model.computeGradients(ws, v.get("x"), v.get("t"), batch, true);
    compare(fileName, "loss", v.get("loss"), new float[] {(float) loss});
    compare(fileName, "gx", v.get("gx"), java.util.Arrays.copyOf(ws.inputGradient(), batch * model.inputSize()));
    for (ParameterInfo info : model.parameterInfo()) {
      String role = info.name().substring(info.name().indexOf('.') + 1);
      float[] g = java.util.Arrays.copyOfRange(ws.gradients(), info.offset(), info.offset() + info.size());
      float[] expected = role.equals("weight") ? torchToNetc(v.get("g" + role), info.shape()) : v.get("g" + role);
      compare(fileName, "g" + role, expected, g);
    }
  }

  /** PyTorch {@code [F, C, k...]} to netc {@code [C, k..., F]}, given the netc shape. */
  static float[] torchToNetc(float[] torch, int[] netcShape) {
    int f = netcShape[netcShape.length - 1];
    int rest = torch.length / f; // C * kh * kw
    float[] out = new float[torch.length];
    for (int o = 0; o < f; o++) {
      for (int r = 0; r < rest; r++) {
        out[r * f + o] = torch[o * rest + r];
      }
    }
    return out;
  }

  private static void compare(String file, String tensor, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, file + " " + tensor + " size");
    double max = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      max = Math.max(max, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    }
    double rel = diff / Math.max(max, 1e-12);
    assertTrue(rel <= TOLERANCE, file + " " + tensor + ": max |netc - torch| = " + diff + ", relative "
        + rel + " > " + TOLERANCE);
  }
}
