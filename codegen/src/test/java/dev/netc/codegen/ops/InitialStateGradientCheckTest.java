package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * rnn, gru and lstm with {@code initial_state:} (and lstm's {@code initial_cell:}) taken from another layer, against central finite
 * differences (tolerance and step of {@link RecurrentGradientCheckTest}): the state comes from a
 * dense layer on the same input, so the check covers the gradient through h0 into that layer's
 * parameters and back to the input. Single layers forward and reversed, final state and
 * sequences, one unit, one step, and stacked / bidirectional layers ({@code [layers * directions,
 * H]} states in PyTorch's h_0 order).
 */
@FiniteDifferenceTests
class InitialStateGradientCheckTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "gru(x, 4, initial_state: s)|[4]|5|3|false",
      "gru(x, 4, initial_state: s, sequences: true, reverse: true)|[4]|5|3|true",
      "rnn(x, 4, initial_state: s, sequences: true)|[4]|5|3|true",
      "rnn(x, 3, initial_state: s, reverse: true)|[3]|4|2|false",
      "gru(x, 1, initial_state: s)|[1]|3|2|false",
      "gru(x, 3, initial_state: s, sequences: true)|[3]|1|2|true",
      "gru(x, 3, initial_state: s, bidirectional: true, layers: 2)|[4, 3]|4|2|false",
      "rnn(x, 3, initial_state: s, sequences: true, bidirectional: true, merge: add)|[2, 3]|4|2|true",
      "bidirectional(x, gru(3, initial_state: s, sequences: true))|[2, 3]|3|2|true",
      "lstm(x, 4, initial_state: s, initial_cell: s, sequences: true)|[4]|5|3|true",
      "lstm(x, 3, initial_cell: s, reverse: true)|[3]|4|2|false",
      "lstm(x, 3, initial_state: s)|[3]|4|2|false",
      "lstm(x, 3, initial_state: s, initial_cell: s, bidirectional: true, layers: 2)|[4, 3]|4|2|false",
      "lstm(x, 1, initial_cell: s, sequences: true)|[1]|3|2|true",
  })
  void matchesFiniteDifferences(String layer, String state, int steps, int features, boolean sequences) {
    Model model = Nets.model(network(layer, state, steps, features, sequences));
    GradCheck.Report report = RecurrentGradientCheckTest.checkWithMargin(model, layer, false);
    System.out.println(layer + " T=" + steps + ": " + report);
    assertEquals(model.parameterCount() + RecurrentGradientCheckTest.BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= RecurrentGradientCheckTest.TOLERANCE, "gradient check failed\n" + report);
  }

  /** The layer's methods name the state h0 and its gradient gh0; a layer without one is unchanged. */
  @Test
  void namesTheInitialState() {
    String source = Nets.generate("Initial.net", network("gru(x, 4, initial_state: s)", "[4]", 5, 3, false))
        .sources().get(0).code();
    assertTrue(source.contains("float[] h0"), source);
    assertTrue(source.contains("float[] gh0"), source);
    assertTrue(source.contains("initial state s"), source);
    assertFalse(source.contains("float[] x1"), source);
  }

  /** In a block the state may be a parameter of the block: the value it is bound to at the call. */
  @Test
  void stateFromABlockParameter() {
    Model model = Nets.model("""
        block decoder(y, state, units) {
          return gru(y, units, initial_state: state, sequences: true);
        }
        network InBlock {
          input x: float[4, 3];
          input y: float[3, 2];
          enc = gru(x, 4);
          dec = decoder(y, enc, 4);
          time_dense(dec, 2);
          loss mse;
        }
        """);
    GradCheck.Report report = RecurrentGradientCheckTest.checkWithMargin(model, "block", false);
    assertEquals(model.parameterCount() + RecurrentGradientCheckTest.BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= RecurrentGradientCheckTest.TOLERANCE, "gradient check failed\n" + report);
  }

  static String network(String layer, String state, int steps, int features, boolean sequences) {
    int size = 1;
    for (String d : state.replaceAll("[\\[\\] ]", "").split(",")) {
      size *= Integer.parseInt(d);
    }
    return """
        network Initial {
          input x: float[%d, %d];
          f = flatten(x);
          s = dense(f, %d, activation: tanh) -> reshape(%s);
          h = %s;
          %s
          loss mse;
        }
        """.formatted(steps, features, size, state, layer,
        sequences ? "time_dense(h, 3);" : "dense(h, 3);");
  }
}
