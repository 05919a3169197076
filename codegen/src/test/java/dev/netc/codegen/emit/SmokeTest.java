package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Fashion MLP from text to predictions: the class is generated, compiles, declares its
 * parameters as the network says, and predicts what the network computes (dense, relu, dropout
 * off at inference, dense), checked against the same arithmetic written out here.
 */
class SmokeTest {
  @Test
  void fashionMlpGeneratesAndRuns() {
    Nets.Built built = Nets.compile("""
        network FashionMlp {
          input image: float[28, 28];
          flatten;
          dense(256, activation: relu);
          dropout(0.2);
          dense(10);
          loss softmax_cross_entropy;
          optimizer adam(lr: 0.001);
        }
        """);
    assertTrue(built.code().contains("public final class FashionMlp extends GeneratedModel"), built.code());
    Model m = built.model();
    assertEquals(784, m.inputSize());
    assertEquals(10, m.outputSize());
    List<ParameterInfo> params = m.parameterInfo();
    assertEquals(List.of("dense_1.weight", "dense_1.bias", "dense_2.weight", "dense_2.bias"),
        params.stream().map(ParameterInfo::name).toList());
    assertEquals(784 * 256 + 256 + 256 * 10 + 10, m.parameterCount());
    assertTrue(m.summary().contains(String.format("%,d", m.parameterCount()))
        || m.summary().contains(Integer.toString(m.parameterCount())), m.summary());

    m.initialize(1);
    Random r = new Random(8);
    float[] x = new float[784];
    for (int i = 0; i < x.length; i++) {
      x[i] = r.nextFloat();
    }
    float[] out = m.predict(x);
    assertArrayEquals(out, m.predict(x), "inference is deterministic: dropout is off");
    float[] p = m.parameters();
    float[] hidden = new float[256];
    for (int j = 0; j < 256; j++) {
      double s = p[params.get(1).offset() + j];
      for (int k = 0; k < 784; k++) {
        s += x[k] * p[params.get(0).offset() + k * 256 + j];
      }
      hidden[j] = (float) Math.max(s, 0);
    }
    for (int j = 0; j < 10; j++) {
      double s = p[params.get(3).offset() + j];
      for (int k = 0; k < 256; k++) {
        s += hidden[k] * p[params.get(2).offset() + k * 10 + j];
      }
      assertEquals(s, out[j], 1e-4 * Math.max(1, Math.abs(s)), "logit " + j);
    }
  }
}
