package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.Model;
import dev.netc.runtime.TwoPortModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizers;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Training, evaluation and metrics of a network with two inputs and two outputs (a classifier and
 * a regression head): the loss is the weighted total, accuracy, top-k and the confusion matrix are
 * read from the classifier's slice of the packed outputs and targets, wherever it lies.
 */
class SeveralOutputsTest {

  /** Class: the largest of a0 + b0, a1 + b1, b2; score: a0 - b2. Both linear in the packed input. */
  static Dataset data(Model model, int n, long seed) {
    Random r = new Random(seed);
    float[] a = new float[2 * n];
    float[] b = new float[3 * n];
    int[] labels = new int[n];
    float[] score = new float[n];
    for (int e = 0; e < n; e++) {
      for (int k = 0; k < 2; k++) {
        a[2 * e + k] = (float) r.nextGaussian();
      }
      for (int k = 0; k < 3; k++) {
        b[3 * e + k] = (float) r.nextGaussian();
      }
      float[] c = {a[2 * e] + b[3 * e], a[2 * e + 1] + b[3 * e + 1], b[3 * e + 2]};
      labels[e] = c[0] >= c[1] && c[0] >= c[2] ? 0 : c[1] >= c[2] ? 1 : 2;
      score[e] = a[2 * e] - b[3 * e + 2];
    }
    return Dataset.of(model, Map.of("a", a, "b", b), Map.of("logits", Dataset.oneHot(labels, 3), "score", score));
  }

  @Test
  void aTwoOutputNetworkTrainsAndIsScoredOnItsClassifierWhereverItIsPacked() {
    for (boolean scoreFirst : new boolean[] {false, true}) {
      TwoPortModel model = new TwoPortModel("Two", scoreFirst, 0.5);
      model.initialize(1);
      Dataset train = data(model, 600, 1);
      Dataset test = data(model, 300, 2);
      History h = Trainer.builder(model).optimizer(Optimizers.adam(0.05)).batchSize(32).epochs(30).seed(3)
          .validationData(test).topK(2).build().fit(train);
      History.Epoch last = h.last();
      assertTrue(last.trainAccuracy() > 0.9, scoreFirst + ": " + last);
      assertTrue(last.validationAccuracy() > 0.9, scoreFirst + ": " + last);
      assertTrue(last.validationTopK() >= last.validationAccuracy(), scoreFirst + ": " + last);
      Evaluation ev = Trainer.evaluate(model, test, 64);
      assertEquals(last.validationAccuracy(), ev.accuracy(), 1e-12);
      assertEquals(classifierAccuracyByHand(model, test), ev.accuracy(), 1e-12);
      ConfusionMatrix cm = ev.confusion();
      assertNotNull(cm);
      assertEquals(3, cm.classes());
      assertEquals(300, cm.total());
      assertEquals(ev.accuracy(), (double) (cm.count(0, 0) + cm.count(1, 1) + cm.count(2, 2)) / 300, 1e-12);
      // the logged loss is the network's total, the weighted sum over its outputs
      assertEquals(weightedLossByHand(model, test, 0.5), ev.loss(), 1e-5);
    }
  }

  @Test
  void accuracyReadsTheClassifierSliceNotThePackedVector() {
    TwoPortModel model = new TwoPortModel("Two", true, 1);
    // packed rows: score, then logits. The score (9) is the largest float of every row, and
    // target 5 the largest target: whole-row argmaxes would call both examples right,
    // the logits slice only the first.
    float[] out = {9, 0.1f, 0.7f, 0.2f, /* */ 9, 0.9f, 0.05f, 0.05f};
    float[] target = {5, 0, 1, 0, /* */ 5, 0, 1, 0};
    assertEquals(1.0, Accuracy.sum(model, out, target, 2));
    assertEquals(3, Accuracy.classes(model));
    assertEquals("logits", Accuracy.classifier(model).name());
  }

  @Test
  void dataPackedForAnotherNetworkIsRefusedWithThePorts() {
    TwoPortModel model = new TwoPortModel("Two", false, 0.5);
    model.initialize(1);
    Dataset wrong = Dataset.of(new float[6], new float[4], 3, 2);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(model).build().fit(wrong));
    assertEquals("training data has 3 floats per input, network Two expects 5 (inputs [a[2], b[3]], targets"
        + " logits 3 + score 1, packed per example: build the data with Dataset.of(model, inputs, targets))",
        e.getMessage());
  }

  @Test
  void aNonFiniteInputIsNamedByItsPort() {
    TwoPortModel model = new TwoPortModel("Two", false, 0.5);
    model.initialize(1);
    Dataset data = data(model, 20, 4);
    data.inputs()[5 * 6 + 3] = Float.NaN; // example 6, element 1 of input b
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> Trainer.builder(model).batchSize(20).epochs(1).build().fit(data));
    assertTrue(e.where().matches("the input batch \\(example \\d+, input b\\)"), e.where());
  }

  /** The fraction of examples whose largest logit, predicted by name, is the target's class. */
  private static double classifierAccuracyByHand(Model model, Dataset data) {
    int right = 0;
    int logitsAt = model.output("logits").targetOffset();
    for (int e = 0; e < data.size(); e++) {
      float[] x = Arrays.copyOfRange(data.inputs(), 5 * e, 5 * e + 5);
      float[] logits = model.predict(Map.of("a", Arrays.copyOfRange(x, 0, 2), "b", Arrays.copyOfRange(x, 2, 5)))
          .get("logits");
      int predicted = Accuracy.argmax(logits, 0, 3);
      int actual = Accuracy.argmax(data.targets(), 4 * e + logitsAt, 3);
      right += predicted == actual ? 1 : 0;
    }
    return (double) right / data.size();
  }

  /** Mean over the examples of CE(logits) + weight * (score - target)^2, from the unpacked outputs. */
  private static double weightedLossByHand(Model model, Dataset data, double weight) {
    int n = data.size();
    float[] out = new float[n * 4];
    Workspace ws = model.newWorkspace(n);
    model.forward(ws, data.inputs(), out, n, false);
    float[] logits = model.unpackOutput(out, n, "logits");
    float[] score = model.unpackOutput(out, n, "score");
    int lt = model.output("logits").targetOffset();
    int st = model.output("score").targetOffset();
    double sum = 0;
    for (int e = 0; e < n; e++) {
      double z = 0;
      for (int j = 0; j < 3; j++) {
        z += Math.exp(logits[3 * e + j]);
      }
      int c = Accuracy.argmax(data.targets(), 4 * e + lt, 3);
      double d = score[e] - data.targets()[4 * e + st];
      sum += Math.log(z) - logits[3 * e + c] + weight * d * d;
    }
    return sum / n;
  }
}
