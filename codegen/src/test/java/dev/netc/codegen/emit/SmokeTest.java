package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import org.junit.jupiter.api.Test;

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
    System.out.println(built.code());
    Model m = built.model();
    m.initialize(1);
    float[] out = m.predict(new float[784]);
    assertEquals(10, out.length);
    System.out.println(m.summary());
  }
}
