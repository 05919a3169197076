package dev.netc.codegen.ops;

import dev.netc.codegen.testing.StepTiming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a measurement, run on demand with {@code -Dnetc.timing=true} (pin to one core with
 * {@code taskset -c 0}). Prints the time of one training step's forward + backward pass (no
 * optimizer) of the FashionRnn network (gru(128) on [28, 28], dense(10)) for a batch of 32, and
 * the implied epoch time for 60,000 images. No timed assertion.
 */
@EnabledIfSystemProperty(named = "netc.timing", matches = "true")
class RecurrentTimingTest {
  static final String FASHION_RNN = """
      network FashionRnn {
        input image: float[28, 28];
        gru(128);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  static final String LSTM = """
      network Lstm {
        input image: float[28, 28];
        lstm(128);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void fashionGru() {
    time("fashion-rnn gru(128)", FASHION_RNN);
  }

  @Test
  void fashionLstm() {
    time("fashion lstm(128)", LSTM);
  }

  static void time(String what, String source) {
    StepTiming.print(what, source);
  }
}
