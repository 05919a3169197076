package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.ClassTargets;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code softmax_cross_entropy(targets: class_index)} end to end: the target size the runtime is
 * told, the exception a wrong target raises in the generated loss and in the trainer's data check,
 * and evaluation (loss, accuracy, confusion matrix) agreeing with the one-hot twin of the network.
 */
class ClassIndexTargetsTest {
  private static final String INDEX = """
      network Classes {
        input x: float[4];
        dense(6, activation: tanh);
        dense(3);
        loss softmax_cross_entropy(targets: class_index);
        optimizer adam(lr: 0.05);
      }
      """;

  @Test
  void aTargetExampleIsOneFloatPerRowOfClasses() {
    Model flat = Nets.model(INDEX);
    assertEquals(1, flat.targetSize());
    assertTrue(ClassTargets.used(flat));
    Model rows = Nets.model(INDEX.replace("dense(3);", "dense(12);\n  reshape([4, 3]);"));
    assertEquals(4, rows.targetSize());
    assertTrue(ClassTargets.used(rows));
    assertEquals(12, Nets.model(INDEX.replace("targets: class_index", "targets: distribution")
        .replace("dense(3);", "dense(12);\n  reshape([4, 3]);")).targetSize());
  }

  @ParameterizedTest(name = "target {0}")
  @ValueSource(floats = {3f, -1f, 1.5f, Float.NaN, Float.POSITIVE_INFINITY})
  void aTargetThatIsNoClassIndexFailsNamingItsRow(float bad) {
    Model model = Nets.model(INDEX);
    model.initialize(1);
    float[] x = new float[3 * 4];
    float[] t = {0, bad, 2};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.computeGradients(model.newWorkspace(3), x, t, 3, false));
    assertEquals("target of example 1 of the batch is " + bad + ", not a class index: with targets:"
        + " class_index the loss reads one integer in [0, 3) per row", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> model.computeLoss(model.newWorkspace(3), x, t, 3));
  }

  @Test
  void aBadTargetInASequenceOutputNamesExampleAndPosition() {
    Model model = Nets.model(INDEX.replace("dense(3);", "dense(6);\n  reshape([2, 3]);"));
    model.initialize(1);
    float[] t = {0, 1, 2, 7};
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> model.computeLoss(model.newWorkspace(2), new float[2 * 4], t, 2));
    assertTrue(e.getMessage().startsWith("target of example 1 of the batch at position 1 is 7.0, "), e.getMessage());
  }

  @Test
  void theTrainerChecksEveryTargetOfTheDataFirst() {
    Model model = Nets.model(INDEX);
    model.initialize(1);
    float[] y = new float[10];
    y[7] = 2.5f;
    Dataset data = Dataset.of(new float[10 * 4], y, 4, 1);
    Trainer trainer = Trainer.builder(model).epochs(1).batchSize(4).build();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> trainer.fit(data));
    assertEquals("training data targets: example 7 is 2.5, not a class index: with targets: class_index"
        + " the loss reads one integer in [0, 3) per row", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Trainer.evaluate(model, data, 4));
    assertTrue(e.getMessage().startsWith("evaluation data targets: example 7 is 2.5"), e.getMessage());
  }

  @Test
  void trainingAndEvaluationAgreeWithTheOneHotTwin() {
    Random random = new Random(11);
    int n = 60;
    float[] x = new float[n * 4];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < 4; j++) {
        x[i * 4 + j] = (float) random.nextGaussian();
      }
      // a learnable rule: the class is the sign pattern of two inputs
      labels[i] = x[i * 4] > 0 ? (x[i * 4 + 1] > 0 ? 2 : 1) : 0;
    }
    Model index = Nets.model(INDEX);
    Model oneHot = Nets.model(INDEX.replace("targets: class_index", "targets: distribution"));
    index.initialize(4);
    oneHot.initialize(4);
    Dataset byIndex = Dataset.classIndices(x.clone(), 4, labels, 3);
    Dataset byRow = Dataset.classification(x.clone(), 4, labels, 3);
    Trainer.builder(index).epochs(20).batchSize(10).seed(1).build().fit(byIndex);
    Trainer.builder(oneHot).epochs(20).batchSize(10).seed(1).build().fit(byRow);
    Evaluation a = Trainer.evaluate(index, byIndex, 7);
    Evaluation b = Trainer.evaluate(oneHot, byRow, 7);
    assertTrue(a.accuracy() > 0.8, "the class-index network learns: " + a);
    assertEquals(b.loss(), a.loss(), 1e-4 * b.loss());
    assertEquals(b.accuracy(), a.accuracy());
    assertEquals(b.confusion(), a.confusion());
    assertEquals(n, a.confusion().total());
  }

  @Test
  void manyClassWeightsAreWrittenTenToALine() {
    String code = Nets.compile(INDEX.replace("dense(3);", "dense(12);").replace("targets: class_index",
        "targets: class_index, class_weights: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]")).code();
    int from = code.indexOf("private static final float[] classWeights = {");
    String declaration = code.substring(from, code.indexOf("};", from) + 2);
    assertEquals(2, declaration.lines().count(), declaration);
    assertTrue(declaration.contains("10.0f,\n") && declaration.endsWith("11.0f, 12.0f};"), declaration);
  }

  @Test
  void topKReadsTheIndex() {
    float[] out = {0.1f, 0.7f, 0.2f, 0.5f, 0.1f, 0.4f};
    assertEquals(1, dev.netc.runtime.train.Accuracy.topK(out, new float[] {1, 2}, 2, 3, 1, 1));
    assertEquals(2, dev.netc.runtime.train.Accuracy.topK(out, new float[] {2, 2}, 2, 3, 1, 2));
    assertThrows(IllegalArgumentException.class,
        () -> dev.netc.runtime.train.Accuracy.topK(out, new float[] {2, 3}, 2, 3, 1, 1));
  }

  @Test
  void generatedCodeFoldsTheOptionsAndKeepsWeightsInAField() {
    String code = Nets.compile(INDEX.replace("targets: class_index",
        "targets: class_index, label_smoothing: 0.1, class_weights: [0.5, 2, 1.5]")).code();
    assertTrue(code.contains("private static final float[] classWeights = {0.5f, 2.0f, 1.5f};"), code);
    assertTrue(code.contains("int k = ClassTargets.index(t, row, 1, 3);"), code);
    assertTrue(code.contains("loss softmax_cross_entropy(targets: class_index, label_smoothing: 0.1,"
        + " class_weights: [0.5, 2, 1.5]); optimizer adam"), code);
  }
}
