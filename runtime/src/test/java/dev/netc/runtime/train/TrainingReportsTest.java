package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What training and evaluation tell the user: early stopping, NaN in validation data, confusion. */
class TrainingReportsTest {

  @Test
  void earlyStoppingSaysWhenItStopsAndWhichWeightsItRestored() {
    TwoLayerModel m = TrainingFeaturesTest.net(2);
    EarlyStopping es = new EarlyStopping("val_loss", 2, 0, true);
    List<String> log = new ArrayList<>();
    History h = Trainer.builder(m).optimizer(Optimizers.sgd(2.5)).epochs(30).batchSize(8).seed(1)
        .validationSplit(0.3).log(log::add).listener(es)
        .build().fit(TrainingFeaturesTest.blobs(120, 5));
    assertTrue(h.size() < 30, h.toCsv());
    int last = h.size();
    String stop = "EarlyStopping: val_loss did not improve for 2 epochs; stopping after epoch " + last;
    String restored = String.format(Locale.ROOT, "EarlyStopping: restored the weights of epoch %d (val_loss %.4f)",
        es.bestEpoch(), es.bestValue());
    // after the epoch's own line, in the same channel
    assertEquals(last + 2, log.size(), String.join("\n", log));
    assertTrue(log.get(last - 1).startsWith(String.format(Locale.ROOT, "epoch %2d/30", last)), log.get(last - 1));
    assertEquals(stop, log.get(last));
    assertEquals(restored, log.get(last + 1));
  }

  @Test
  void earlyStoppingIsSilentWhenTheLogIs() {
    TwoLayerModel m = TrainingFeaturesTest.net(2);
    EarlyStopping es = new EarlyStopping("val_loss", 2, 0, true);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    java.io.PrintStream saved = System.out;
    System.setOut(new java.io.PrintStream(out, true));
    try {
      Trainer.builder(m).optimizer(Optimizers.sgd(2.5)).epochs(30).batchSize(8).seed(1)
          .validationSplit(0.3).listener(es).build().fit(TrainingFeaturesTest.blobs(120, 5));
    } finally {
      System.setOut(saved);
    }
    assertEquals("", out.toString());
  }

  @Test
  void nanInValidationDataFailsNamingTheExample() {
    Dataset train = TrainingFeaturesTest.blobs(60, 1);
    Dataset val = TrainingFeaturesTest.blobs(30, 2);
    val.inputs()[4 * 17 + 1] = Float.NaN;
    TwoLayerModel m = TrainingFeaturesTest.net(1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m).epochs(1).validationData(val).build().fit(train));
    assertEquals("validation data inputs: example 17 holds NaN at element 1 (of 4 per example); clean or"
        + " drop that example", e.getMessage());

    // with a split, the held-out examples come from the data given: named by their index there
    Dataset all = TrainingFeaturesTest.blobs(60, 1);
    all.inputs()[4 * 40] = Float.POSITIVE_INFINITY;
    e = assertThrows(IllegalArgumentException.class,
        () -> Trainer.builder(m).epochs(1).validationSplit(0.5).build().fit(all));
    assertTrue(e.getMessage().startsWith("training data (validation split included) inputs: example 40 holds"
        + " +Infinity"), e.getMessage());

    // and evaluating such data says so too, instead of returning a NaN loss
    e = assertThrows(IllegalArgumentException.class, () -> Trainer.evaluate(m, val, 8));
    assertTrue(e.getMessage().startsWith("evaluation data inputs: example 17 holds NaN"), e.getMessage());
  }

  @Test
  void evaluationCountsAConfusionMatrixWithPrecisionRecallAndF1() {
    // weights [2 x 3] zero, biases favour class 2 unless input 0 is large: predictions known
    LinearModel m = new LinearModel("Lin", 2, 3, LossKind.SOFTMAX_CROSS_ENTROPY);
    float[] p = m.parameters();
    p[0] = 10; // x0 -> class 0
    p[8] = 1; // bias of class 2
    float[] x = {1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0};
    int[] labels = {0, 1, 2, 2, 0, 1};
    Evaluation ev = Trainer.evaluate(m, Dataset.classification(x, 2, labels, 3), 4);
    assertEquals(ev, Trainer.evaluate(m, Dataset.classification(x, 2, labels, 3), 4), "same counts, same evaluation");
    ConfusionMatrix c = ev.confusion();
    // predicted: 0, 0, 2, 2, 2, 0
    assertEquals(1, c.count(0, 0));
    assertEquals(1, c.count(0, 2));
    assertEquals(2, c.count(1, 0));
    assertEquals(2, c.count(2, 2));
    assertEquals(6, c.total());
    assertEquals(1 / 3.0, c.precision(0), 1e-12);
    assertEquals(0.5, c.recall(0), 1e-12);
    assertEquals(0.4, c.f1(0), 1e-12);
    assertTrue(Double.isNaN(c.precision(1)), "class 1 was never predicted");
    assertEquals(0, c.recall(1));
    assertEquals(2 / 3.0, c.precision(2), 1e-12);
    assertEquals(1, c.recall(2));
    assertEquals(0.5, ev.accuracy(), 1e-12);
    assertEquals("""
        confusion matrix (rows actual, columns predicted)
           class     0     1     2
               0     1     0     1
               1     2     0     0
               2     0     0     2
           class precision    recall        f1   support
               0    0.3333    0.5000    0.4000         2
               1         -    0.0000         -         2
               2    0.6667    1.0000    0.8000         2
           macro                        0.6000         6
        """, c.toString());
    assertTrue(ev.toString().matches("loss \\d+\\.\\d{4}  accuracy 0\\.5000  \\(6 examples\\)"), ev.toString());
    assertEquals(ev + "\n" + c, ev.report());

    LinearModel reg = new LinearModel("Reg", 2, 1, LossKind.MSE);
    reg.initialize(1);
    assertNull(Trainer.evaluate(reg, Dataset.of(new float[4], new float[2], 2, 1), 2).confusion());
  }
}
