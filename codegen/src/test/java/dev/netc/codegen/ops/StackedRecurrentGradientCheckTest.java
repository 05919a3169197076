package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.testing.FiniteDifferenceTests;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bidirectional and stacked rnn / lstm / gru ({@code bidirectional}, {@code merge}, {@code layers},
 * and the {@code bidirectional(...)} wrapper) against central finite differences: every parameter
 * of every layer and direction and every input element, batch 2, tolerance and step of {@link
 * RecurrentGradientCheckTest}. Covers both merges on the final states and on sequences, 2 and 3
 * layers, one unit (folded indices), one step, and a reversed stack.
 */
@FiniteDifferenceTests
class StackedRecurrentGradientCheckTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "gru(3, sequences: true, bidirectional: true, layers: 2)|6|3|true",
      "bidirectional(gru(3), merge: concat)|7|2|false",
      "gru(3, bidirectional: true, merge: add, layers: 2)|5|3|false",
      "lstm(3, bidirectional: true, merge: add, layers: 2)|6|2|false",
      "bidirectional(lstm(3, sequences: true, layers: 2), merge: add)|5|3|true",
      "lstm(2, sequences: true, reverse: true, layers: 3)|5|2|true",
      "rnn(3, sequences: true, bidirectional: true, layers: 2)|6|3|true",
      "bidirectional(rnn(4))|8|2|false",
      "lstm(1, sequences: true, bidirectional: true)|4|2|true",
      "gru(1, bidirectional: true, layers: 2)|3|2|false",
      "bidirectional(gru(3, sequences: true, layers: 2))|1|3|true",
  })
  void matchesFiniteDifferences(String layer, int steps, int features, boolean sequences) {
    String head = sequences ? "time_dense(3);" : "dense(3);";
    Model model = Nets.model("""
        network Stack {
          input x: float[%d, %d];
          %s;
          %s
          loss mse;
        }
        """.formatted(steps, features, layer, head));
    GradCheck.Report report = RecurrentGradientCheckTest.checkWithMargin(model, layer, false);
    System.out.println(layer + " T=" + steps + ": " + report);
    assertEquals(model.parameterCount() + RecurrentGradientCheckTest.BATCH * model.inputSize(), report.elements());
    assertTrue(report.worst() <= RecurrentGradientCheckTest.TOLERANCE, "gradient check failed\n" + report);
  }

  /**
   * The wrapper is the argument form: the same generated class, character for character, but for
   * the source positions in the comments (the layer is placed at the wrapped call).
   */
  @Test
  void wrapperIsTheArgumentForm() {
    String wrapped = source("bidirectional(gru(5, sequences: true, layers: 2), merge: add)");
    String written = source("gru(5, sequences: true, layers: 2, bidirectional: true, merge: add)");
    assertEquals(written, wrapped);
    String withInput = source("bidirectional(x, lstm(5))");
    assertEquals(source("lstm(x, 5, bidirectional: true)"), withInput);
  }

  /** In a block the wrapped op, its arguments and the input may all be the block's parameters. */
  @Test
  void wrapperInsideABlock() {
    Model model = Nets.model("""
        block birnn(x, cell, units) {
          return bidirectional(x, cell(units, sequences: true), merge: concat);
        }
        network InBlock {
          input x: float[4, 3];
          birnn(x, lstm, 5);
          loss mse;
        }
        """);
    assertEquals(4 * 10, model.outputSize());
    List<String> names = model.parameterInfo().stream().map(ParameterInfo::name).toList();
    assertTrue(names.stream().anyMatch(n -> n.endsWith(".weight_hh_l0_reverse")), names.toString());
    assertTrue(names.stream().anyMatch(n -> n.endsWith(".bias_f_l0_reverse")), names.toString());
  }

  /** PyTorch's names and order: per layer, forward then reverse, weight_ih, weight_hh, the biases. */
  @Test
  void parametersAreNamedPerLayerAndDirection() {
    Model model = Nets.model("""
        network Names {
          input x: float[4, 3];
          gru(5, bidirectional: true, layers: 2);
          loss mse;
        }
        """);
    List<String> names = model.parameterInfo().stream().map(ParameterInfo::name).toList();
    List<String> expected = new java.util.ArrayList<>();
    for (String suffix : List.of("_l0", "_l0_reverse", "_l1", "_l1_reverse")) {
      for (String role : List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh")) {
        expected.add("gru_1." + role + suffix);
      }
    }
    assertEquals(expected, names);
    // layer 1 reads both directions of layer 0: [2 * 5, 3 * 5]
    ParameterInfo upper = model.parameterInfo().get(8);
    assertEquals("gru_1.weight_ih_l1", upper.name());
    assertEquals(List.of(10, 15), java.util.Arrays.stream(upper.shape()).boxed().toList());
    assertEquals(10, model.outputSize());
  }

  private static String source(String layer) {
    List<GeneratedSource> sources = Nets.generate("Same.net", """
        network Same {
          input x: float[4, 3];
          %s;
          loss mse;
        }
        """.formatted(layer)).sources();
    return sources.get(0).code().replaceAll("Same\\.net:\\d+:\\d+", "Same.net");
  }
}
