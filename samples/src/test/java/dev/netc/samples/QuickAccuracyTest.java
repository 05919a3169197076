package dev.netc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The accuracy table's quick mode (issue 21), part of every build: each classifier sample trains
 * through its own recipe (the code {@code -Dsample=NAME} runs) for a few epochs on the first
 * images of the embedded subset, seed 42, and must reach its floor on the subset's 2,000 test
 * images. A change that breaks learning in any kernel, layer or recipe fails here rather than in
 * the next full benchmark run. The floors and the measured values they sit below are in {@link
 * AccuracyTarget#ALL}; {@code benchmarks/accuracy.sh --quick} runs the same.
 */
class QuickAccuracyTest {

  static Stream<AccuracyTarget> samples() {
    return AccuracyTarget.ALL.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("samples")
  void reachesItsFloorOnTheEmbeddedSubset(AccuracyTarget row) throws Exception {
    List<String> args = new ArrayList<>();
    args.add(row.sample());
    args.addAll(row.quickOptions());

    double accuracy = Samples.trainClassifier(args.toArray(String[]::new));

    assertTrue(accuracy >= row.quickFloor(), row.sample() + ": test accuracy " + accuracy
        + " below its quick floor " + row.quickFloor() + " (" + String.join(" ", args) + ")");
  }

  @Test
  void everyTargetIsAboveItsQuickFloorAndTheTableCoversTheClassifiers() {
    assertEquals(List.of("fashion-mlp", "fashion-rnn", "fashion-cnn", "fashion-bigru", "fashion-cnn-bn",
        "fashion-resnet"), AccuracyTarget.ALL.stream().map(AccuracyTarget::sample).toList());
    for (AccuracyTarget row : AccuracyTarget.ALL) {
      assertTrue(row.quickFloor() > 0.1 && row.quickFloor() < row.target(), row.toString());
    }
  }

  @Test
  void aNameOutsideTheTableIsRejectedWithTheTablesNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AccuracyTarget.of("xor"));
    assertEquals("no accuracy target for 'xor'; the table's samples are fashion-mlp, fashion-rnn, fashion-cnn,"
        + " fashion-bigru, fashion-cnn-bn, fashion-resnet", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Samples.trainClassifier("char-rnn"));
  }
}
