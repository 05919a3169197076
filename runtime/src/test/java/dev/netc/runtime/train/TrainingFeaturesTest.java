package dev.netc.runtime.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Init;
import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Rng;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.ImageAugmentation;
import dev.netc.runtime.io.Checkpoint;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.io.TransferReport;
import dev.netc.runtime.optim.Adam;
import dev.netc.runtime.optim.Lbfgs;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.optim.ParameterMask;
import dev.netc.runtime.optim.Sgd;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingFeaturesTest {
  @TempDir Path dir;

  /** Three Gaussian blobs in 4 dimensions (2 informative + 2 noise), labels 0..2. */
  static Dataset blobs(int n, long seed) {
    Rng rng = new Rng(seed);
    double[][] centers = {{2, 0}, {-2, 0}, {0, 2.5}};
    float[] x = new float[4 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      int c = i % 3;
      labels[i] = c;
      x[4 * i] = (float) (centers[c][0] + 0.9 * rng.nextGaussian());
      x[4 * i + 1] = (float) (centers[c][1] + 0.9 * rng.nextGaussian());
      x[4 * i + 2] = (float) rng.nextGaussian();
      x[4 * i + 3] = (float) rng.nextGaussian();
    }
    return Dataset.classification(x, 4, labels, 3);
  }

  static TwoLayerModel net(long seed) {
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0.2f);
    m.initialize(seed);
    return m;
  }

  /** A trainer with every stateful feature: dropout, augmentation, Adam, L2, clipping, schedule. */
  static TrainerBuilder rich(Model m, int epochs) {
    return Trainer.builder(m)
        .optimizer(Optimizers.adamW(0.01, 0.01))
        .epochs(epochs)
        .batchSize(16)
        .seed(7)
        .validationSplit(0.2)
        .regularizer(Regularizer.l2(1e-3).withClipNorm(1.0).withMaxNorm(3))
        .schedule(LrSchedule.warmup(10, LrSchedule.cosine(4, 1e-4)))
        .augmentation((x, batch, size, rng) -> {
          for (int i = 0; i < batch * size; i++) {
            x[i] += (float) (rng.nextDouble() - 0.5) * 0.1f;
          }
        });
  }

  @Test
  void determinismSameSeedSameBits() {
    Dataset data = blobs(150, 3);
    TwoLayerModel a = net(1);
    TwoLayerModel b = net(1);
    rich(a, 3).build().fit(data);
    rich(b, 3).build().fit(data);
    assertTrue(Arrays.equals(a.parameters(), b.parameters()));
    TwoLayerModel c = net(1);
    rich(c, 3).seed(8).build().fit(data);
    assertFalse(Arrays.equals(a.parameters(), c.parameters()));
  }

  @Test
  void resumeAfterInterruptGivesBitwiseTheSameWeights() throws Exception {
    Dataset data = blobs(150, 3);
    TwoLayerModel straight = net(1);
    rich(straight, 4).build().fit(data);

    TwoLayerModel first = net(1);
    Trainer t1 = rich(first, 2).build();
    t1.fit(data);
    Path file = dir.resolve("ckpt.netc");
    ModelFile.save(first, file, t1.trainingState());

    TwoLayerModel resumed = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0.2f);
    TrainingState state = ModelFile.loadCheckpoint(resumed, file);
    assertEquals(2, state.epoch());
    assertEquals("adamw", state.optimizer().name());
    Trainer t2 = rich(resumed, 4).build();
    t2.restore(state);
    History h = t2.fit(data);
    assertEquals(List.of(3, 4), h.epochs().stream().map(History.Epoch::epoch).toList());
    assertTrue(Arrays.equals(straight.parameters(), resumed.parameters()), "resumed run differs");
  }

  @Test
  void earlyStoppingRestoresTheBestEpoch() {
    Dataset data = blobs(120, 5);
    TwoLayerModel m = net(2);
    // A learning rate that makes validation loss rise after a few epochs.
    List<float[]> snapshots = new ArrayList<>();
    EarlyStopping es = new EarlyStopping("val_loss", 2, 0, true);
    History h = Trainer.builder(m).optimizer(Optimizers.sgd(2.5)).epochs(30).batchSize(8).seed(1)
        .validationSplit(0.3)
        .listener((e, t) -> snapshots.add(t.model().parameters().clone()))
        .listener(es)
        .build().fit(data);
    int best = 0;
    for (int i = 1; i < h.size(); i++) {
      if (h.epochs().get(i).validationLoss() < h.epochs().get(best).validationLoss()) {
        best = i;
      }
    }
    assertEquals(best + 1, es.bestEpoch(), h.toCsv());
    assertTrue(h.size() < 30, "stopped early: " + h.toCsv());
    assertEquals(es.bestEpoch() + 2, h.size(), "patience 2");
    assertArrayEquals(snapshots.get(best), m.parameters());
  }

  @Test
  void nanInALayerIsNamed() {
    Dataset data = blobs(30, 1);
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.MSE, 0f);
    m.initialize(1);
    float[] p = m.parameters();
    int w2 = 4 * 8 + 8;
    for (int i = 0; i < 8 * 3; i++) {
      p[w2 + i] = 1e38f; // finite, but dense_2's output overflows
    }
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> Trainer.builder(m).batchSize(10).epochs(1).build().fit(data));
    assertEquals("workspace buffer 2 (dense_2 output)", e.where(), e.getMessage());
    assertTrue(e.getMessage().contains("in epoch 1, batch 1 of 3; first non-finite value in workspace buffer 2 (dense_2 output)"),
        e.getMessage());
  }

  @Test
  void nanInAGradientNamesTheParameter() {
    Dataset data = blobs(30, 1);
    GeneratedModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.MSE, 0f) {
      @Override
      protected void backwardPass(Workspace ws, float[] x, float[] t, int batch, boolean ig) {
        super.backwardPass(ws, x, t, batch, ig);
        ws.gradients()[4 * 8 + 3] = Float.POSITIVE_INFINITY; // inside dense_1.bias
      }
    };
    m.initialize(1);
    NonFiniteLossException e = assertThrows(NonFiniteLossException.class,
        () -> Trainer.builder(m).batchSize(10).epochs(1).build().fit(data));
    assertEquals("parameter dense_1.bias", e.where());
    assertTrue(e.getMessage().startsWith("gradient of dense_1.bias is Infinity in epoch 1, batch 1 of 3"), e.getMessage());
  }

  @Test
  void fineTuneReportsLoadedSkippedAndInitializedAndFreezes() throws Exception {
    TwoLayerModel pre = new TwoLayerModel("Pre", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    pre.initialize(1);
    Trainer.builder(pre).optimizer(Optimizers.adam(0.01)).epochs(2).build().fit(blobs(90, 1));
    Path file = dir.resolve("pre.netc");
    ModelFile.save(pre, file, null);

    // New head: 5 classes instead of 3.
    TwoLayerModel fine = new TwoLayerModel("Fine", 4, 8, 5, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    fine.initialize(9);
    float[] headBefore = Arrays.copyOfRange(fine.parameters(), 40, 40 + 45);
    TransferReport r = ModelFile.loadPretrained(fine, file);
    assertEquals(List.of("dense_1.weight", "dense_1.bias"), r.loaded());
    assertEquals(Map.of("dense_2.weight", "shape [8, 3] in the source, [8, 5] here",
        "dense_2.bias", "shape [3] in the source, [5] here"), r.skipped());
    assertEquals(List.of("dense_2.weight", "dense_2.bias"), r.initialized());
    assertArrayEquals(Arrays.copyOfRange(pre.parameters(), 0, 40), Arrays.copyOfRange(fine.parameters(), 0, 40));
    assertArrayEquals(headBefore, Arrays.copyOfRange(fine.parameters(), 40, 85));
    assertTrue(r.toString().contains("newly initialized 2"), r.toString());

    // Freeze the body, train the head.
    float[] body = Arrays.copyOfRange(fine.parameters(), 0, 40);
    Rng rng = new Rng(4);
    float[] x = new float[4 * 50];
    int[] labels = new int[50];
    for (int i = 0; i < 50; i++) {
      labels[i] = i % 5;
      for (int k = 0; k < 4; k++) {
        x[4 * i + k] = (float) rng.nextGaussian() + labels[i];
      }
    }
    Trainer.builder(fine).optimizer(Optimizers.adam(0.01)).regularizer(Regularizer.l2(0.01)).freeze("dense_1")
        .epochs(2).build().fit(Dataset.classification(x, 4, labels, 5));
    assertArrayEquals(body, Arrays.copyOfRange(fine.parameters(), 0, 40));
    assertFalse(Arrays.equals(headBefore, Arrays.copyOfRange(fine.parameters(), 40, 85)));
    assertThrows(IllegalArgumentException.class, () -> Trainer.builder(fine).freeze("nope").build());
  }

  @Test
  void nonTrainableParametersAreLeftAlone() {
    ParameterMask mask = ParameterMask.of(List.of(
        new ParameterInfo("bn.gamma", "bn", 0, new int[] {2}, Init.ONES, 2, 2),
        new ParameterInfo("bn.running_mean", "bn", 2, new int[] {2}, Init.ZEROS, 2, 2, false),
        new ParameterInfo("dense.weight", "dense", 4, new int[] {1, 2}, Init.ZEROS, 1, 2)));
    assertFalse(mask.decays(0));
    assertFalse(mask.trains(1));
    assertTrue(mask.decays(2));
    for (String name : Optimizers.names()) {
      if (name.equals("lbfgs")) {
        continue;
      }
      Optimizer o = Optimizers.create(new OptimizerSpec(name, Map.of("lr", 0.1, "weight_decay", 0.5)));
      o.setMask(mask);
      float[] p = {1, 1, 5, 6, 1, 1};
      float[] g = {0, 0, 1, 1, 0, 0};
      o.step(p, g);
      assertEquals(5f, p[2], name);
      assertEquals(6f, p[3], name);
      assertEquals(1f, p[0], name + ": gamma gets no decay");
      assertTrue(p[4] < 1f, name + ": weights decay");
    }
  }

  @Test
  void optimizerStateRoundTripContinuesIdentically() {
    for (String name : List.of("sgd", "adam", "adamw", "adagrad", "rmsprop")) {
      Map<String, Double> args = name.equals("sgd") ? Map.of("momentum", 0.9)
          : name.equals("rmsprop") ? Map.of("momentum", 0.5, "centered", 1.0) : Map.of();
      Optimizer a = Optimizers.create(new OptimizerSpec(name, args));
      float[] p = {1, -2, 3};
      float[] q;
      a.step(p, new float[] {0.1f, 0.2f, -0.3f});
      a.step(p, new float[] {0.3f, -0.2f, 0.1f});
      Optimizer b = Optimizers.create(new OptimizerSpec(name, args));
      b.importState(a.exportState());
      q = p.clone();
      a.step(p, new float[] {0.5f, 0.5f, 0.5f});
      b.step(q, new float[] {0.5f, 0.5f, 0.5f});
      assertArrayEquals(p, q, name);
    }
    assertThrows(IllegalArgumentException.class,
        () -> new Sgd(0.1).importState(new Adam(0.1).exportState()));
  }

  @Test
  void schedulesGiveTheirTextbookValues() {
    assertEquals(0.1, LrSchedule.step(2, 0.5).rate(0.1, 1, 0), 1e-15);
    assertEquals(0.05, LrSchedule.step(2, 0.5).rate(0.1, 2, 0), 1e-15);
    assertEquals(0.025, LrSchedule.step(2, 0.5).rate(0.1, 5, 0), 1e-15);
    assertEquals(0.1 * 0.9 * 0.9, LrSchedule.exponential(0.9).rate(0.1, 2, 0), 1e-15);
    LrSchedule cos = LrSchedule.cosine(10, 0.001);
    assertEquals(0.1, cos.rate(0.1, 0, 0), 1e-15);
    assertEquals(0.0505, cos.rate(0.1, 5, 0), 1e-12);
    assertEquals(0.001, cos.rate(0.1, 10, 0), 1e-15);
    LrSchedule warm = LrSchedule.warmup(4, LrSchedule.constant());
    assertEquals(0.025, warm.rate(0.1, 0, 0), 1e-15);
    assertEquals(0.1, warm.rate(0.1, 0, 3), 1e-15);
    assertEquals(0.1, warm.rate(0.1, 3, 100), 1e-15);

    // Applied by the trainer per step, and reduce-on-plateau lowers the base rate.
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.markParametersSet(); // a linear model trained from zero
    List<Double> rates = new ArrayList<>();
    Trainer t = Trainer.builder(m).optimizer(Optimizers.sgd(0.1)).batchSize(5).epochs(3)
        .schedule(LrSchedule.step(1, 0.5))
        .listener((e, tr) -> rates.add(tr.optimizer().learningRate())).build();
    t.fit(Dataset.of(new float[20], new float[10], 2, 1));
    assertEquals(List.of(0.1, 0.05, 0.025), rates);

    Trainer p = Trainer.builder(m).optimizer(Optimizers.sgd(0.1)).epochs(6)
        .listener(new ReduceLrOnPlateau("loss", 0.5, 1, 0, 0.01)).build();
    p.fit(Dataset.of(new float[20], new float[10], 2, 1)); // loss stays 0: never improves
    assertTrue(p.baseLearningRate() < 0.1 && p.baseLearningRate() >= 0.01, "" + p.baseLearningRate());
  }

  @Test
  void clippingPenaltiesAndMaxNorm() {
    ParameterMask mask = ParameterMask.of(List.of(
        new ParameterInfo("d.weight", "d", 0, new int[] {2, 2}, Init.ZEROS, 2, 2),
        new ParameterInfo("d.bias", "d", 4, new int[] {2}, Init.ZEROS, 2, 2)));
    float[] p = {1, -2, 3, 0, 5, 5};
    float[] g = {10, -10, 0.5f, 0, 7, -7};
    new Regularizer(0, 0, 1, 0, 0).applyToGradients(p, g, mask);
    assertArrayEquals(new float[] {1, -1, 0.5f, 0, 1, -1}, g);

    float[] g2 = {3, 0, 0, 4, 0, 0};
    new Regularizer(0, 0, 0, 1, 0).applyToGradients(p, g2, mask);
    assertEquals(0.6, g2[0], 1e-6);
    assertEquals(0.8, g2[3], 1e-6);

    float[] g3 = new float[6];
    new Regularizer(0.1, 0.5, 0, 0, 0).applyToGradients(p, g3, mask);
    assertArrayEquals(new float[] {1.1f, -2.1f, 3.1f, 0f, 0, 0}, g3, 1e-6f, "no penalty on the bias");
    assertEquals(0.1 * 6 + 0.5 * 14, new Regularizer(0.1, 0.5, 0, 0, 0).penalty(p, mask), 1e-9);

    float[] w = {3, 0.1f, 4, 0.1f, 9, 9};
    Regularizer.NONE.withMaxNorm(1).constrain(w, mask);
    assertEquals(0.6, w[0], 1e-6);
    assertEquals(0.8, w[2], 1e-6);
    assertEquals(0.1f, w[1]);
    assertEquals(9f, w[4], "bias not constrained");
  }

  @Test
  void lbfgsSolvesLeastSquares() {
    Rng rng = new Rng(1);
    int n = 64;
    float[] x = new float[2 * n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[2 * i] = (float) (rng.nextDouble() * 2 - 1);
      x[2 * i + 1] = (float) (rng.nextDouble() * 2 - 1);
      y[i] = 2 * x[2 * i] - 3 * x[2 * i + 1] + 0.5f;
    }
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(3);
    Lbfgs lbfgs = (Lbfgs) Optimizers.create(new OptimizerSpec("lbfgs", Map.of()));
    History h = new LbfgsTrainer(m, lbfgs).fit(Dataset.of(x, y, 2, 1), 5, null);
    assertTrue(h.last().trainLoss() < 1e-8, h.toCsv());
    assertEquals(2, m.parameters()[0], 1e-3);
    assertEquals(-3, m.parameters()[1], 1e-3);
    assertEquals(0.5, m.parameters()[2], 1e-3);
    assertThrows(UnsupportedOperationException.class, () -> lbfgs.step(new float[3], new float[3]));
  }

  /**
   * {@code gd} with {@code fullBatch()}: each epoch is one step over all examples, and the
   * parameters after two epochs are those of full-batch gradient descent on the MSE loss, computed
   * here in double from the closed-form gradient of a linear model.
   */
  @Test
  void fullBatchIsGradientDescent() {
    int n = 20;
    int in = 2;
    int out = 2;
    Rng rng = new Rng(6);
    float[] x = new float[n * in];
    float[] y = new float[n * out];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rng.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) rng.nextGaussian();
    }
    LinearModel m = new LinearModel("Lin", in, out, LossKind.MSE);
    m.initialize(2);
    double[] p = new double[m.parameters().length];
    for (int i = 0; i < p.length; i++) {
      p[i] = m.parameters()[i];
    }
    m.trainedBatches = new ArrayList<>();
    double lr = 0.1;
    Trainer.builder(m).optimizer(Optimizers.gd(lr)).fullBatch().epochs(2).build()
        .fit(Dataset.of(x, y, in, out));
    assertEquals(List.of(n, n), m.trainedBatches);

    // by hand: L = sum (xW + b - t)^2 / (n * out), dL/dy = 2 (y - t) / (n * out)
    int bias = in * out;
    for (int step = 0; step < 2; step++) {
      double[] g = new double[p.length];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < out; j++) {
          double yij = p[bias + j];
          for (int k = 0; k < in; k++) {
            yij += x[i * in + k] * p[k * out + j];
          }
          double dy = 2 * (yij - y[i * out + j]) / (n * out);
          for (int k = 0; k < in; k++) {
            g[k * out + j] += x[i * in + k] * dy;
          }
          g[bias + j] += dy;
        }
      }
      for (int i = 0; i < p.length; i++) {
        p[i] -= lr * g[i];
      }
    }
    for (int i = 0; i < p.length; i++) {
      assertEquals(p[i], m.parameters()[i], 1e-6 * Math.max(1, Math.abs(p[i])), "parameter " + i);
    }
  }

  /**
   * {@link Checkpoint#bestOnly} writes the file at exactly the epochs whose monitored value beats
   * every earlier one (found here from the history), and the file ends with the best epoch's
   * parameters. The run is chosen so that validation loss both improves and worsens.
   */
  @Test
  void bestOnlyCheckpointSavesExactlyTheEpochsThatImprove() throws Exception {
    Dataset data = blobs(120, 5);
    TwoLayerModel m = net(2);
    Path best = dir.resolve("best.netc");
    Checkpoint checkpoint = Checkpoint.bestOnly(best, "val_loss");
    List<Integer> epochInFile = new ArrayList<>();
    List<float[]> parameters = new ArrayList<>();
    History h = Trainer.builder(m).optimizer(Optimizers.sgd(0.8)).epochs(12).batchSize(8).seed(1)
        .validationSplit(0.3)
        .listener(checkpoint)
        .listener((e, t) -> {
          parameters.add(t.model().parameters().clone());
          try {
            epochInFile.add(Files.exists(best) ? ModelFile.loadCheckpoint(net(0), best).epoch() : 0);
          } catch (java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
          }
        })
        .build().fit(data);
    List<Integer> improving = new ArrayList<>();
    double lowest = Double.POSITIVE_INFINITY;
    for (History.Epoch e : h.epochs()) {
      if (e.validationLoss() < lowest) {
        lowest = e.validationLoss();
        improving.add(e.epoch());
      }
    }
    assertTrue(improving.size() >= 2 && improving.size() < h.size(), "the run must improve and worsen:\n" + h.toCsv());
    List<Integer> saved = new ArrayList<>();
    for (int i = 0; i < epochInFile.size(); i++) {
      if (epochInFile.get(i) == i + 1) {
        saved.add(i + 1);
      }
    }
    assertEquals(improving, saved, "epochs written, by the epoch the file holds after each:\n" + h.toCsv());
    assertEquals(improving.size(), checkpoint.saves());
    TwoLayerModel back = net(0);
    assertEquals(improving.get(improving.size() - 1), ModelFile.loadCheckpoint(back, best).epoch());
    assertArrayEquals(parameters.get(improving.get(improving.size() - 1) - 1), back.parameters());
  }

  @Test
  void callbacksTopKProgressCsvAndSvg() throws Exception {
    Dataset data = blobs(90, 2);
    TwoLayerModel m = net(3);
    Path csv = dir.resolve("h.csv");
    Path svg = dir.resolve("h.svg");
    Path every = dir.resolve("every.netc");
    Path best = dir.resolve("best.netc");
    Checkpoint c1 = Checkpoint.every(every, 2);
    Checkpoint c2 = Checkpoint.bestOnly(best, "val_acc");
    ByteArrayOutputStream plain = new ByteArrayOutputStream();
    ByteArrayOutputStream tty = new ByteArrayOutputStream();
    History h = Trainer.builder(m).optimizer(Optimizers.adam(0.02)).epochs(4).batchSize(8).validationSplit(0.25)
        .topK(2).listener(new CsvLogger(csv, svg)).listener(c1).listener(c2)
        .progress(new PrintStream(plain, true, StandardCharsets.UTF_8), false)
        .build().fit(data);
    Trainer.builder(net(3)).epochs(1).batchSize(8).progress(new PrintStream(tty, true, StandardCharsets.UTF_8), true)
        .build().fit(data);
    assertEquals(2, c1.saves());
    assertTrue(c2.saves() >= 1);
    TwoLayerModel back = net(0);
    TrainingState st = ModelFile.loadCheckpoint(back, every);
    assertEquals(4, st.epoch());
    assertTrue(h.last().trainTopK() >= h.last().trainAccuracy());
    assertTrue(h.last().validationTopK() >= h.last().validationAccuracy());
    String lines = plain.toString(StandardCharsets.UTF_8);
    assertEquals(4, lines.split("\n").length, lines);
    assertTrue(lines.contains("top_k"), lines);
    String bar = tty.toString(StandardCharsets.UTF_8);
    assertTrue(bar.contains("\repoch 1/1 [") && bar.contains("ETA") && bar.endsWith("\n"), bar);
    assertEquals(h.toCsv(), Files.readString(csv));
    assertTrue(h.toCsv().startsWith("epoch,loss,acc,val_loss,val_acc,seconds,top_k,val_top_k\n"));
    var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(svg.toFile());
    assertEquals("svg", doc.getDocumentElement().getNodeName());
    assertEquals(4, doc.getElementsByTagName("polyline").getLength());
    String s = Files.readString(svg);
    assertTrue(s.contains(">validation<") && s.contains(">accuracy<") && s.contains(">epoch<"), s);
  }

  @Test
  void ensembleAveragesMembers() {
    Dataset train = blobs(150, 1);
    Dataset test = blobs(90, 2);
    Ensemble e = Ensemble.train(3, 10, () -> new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f),
        (m, seed) -> Trainer.builder(m).optimizer(Optimizers.adam(0.02)).epochs(5).seed(seed).build(), train);
    assertEquals(3, e.members().size());
    double acc = e.accuracy(test);
    assertTrue(acc > 0.7, "ensemble accuracy " + acc);
    float[] avg = new float[3];
    float[] x = Arrays.copyOf(test.inputs(), 4);
    e.forward(x, avg, 1);
    float expected = 0;
    for (Model m : e.members()) {
      expected += m.predict(x)[0] / 3;
    }
    assertEquals(expected, avg[0], 1e-5);
  }

  @Test
  void stepsWithEveryFeatureDoNotAllocate() {
    dev.netc.runtime.JitAssumptions.assumeC2("training steps allocating nothing");
    java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
    org.junit.jupiter.api.Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean);
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
    org.junit.jupiter.api.Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported());
    threads.setThreadAllocatedMemoryEnabled(true);
    Dataset train = blobs(1000, 1);
    TwoLayerModel m = net(1);
    long[] bytes = new long[2];
    int[] epochs = {2, 6};
    for (int warm = 0; warm < 3; warm++) {
      for (int k = 0; k < 2; k++) {
        Trainer t = Trainer.builder(m).optimizer(Optimizers.adamW(0.001, 0.01)).batchSize(1).epochs(epochs[k])
            .regularizer(Regularizer.l2(1e-4).withL1(1e-5).withClipValue(5).withClipNorm(10).withMaxNorm(5))
            .schedule(LrSchedule.warmup(100, LrSchedule.cosine(6, 0)))
            .augmentation(new ImageAugmentation(1, 2, 2, 1, true, 0.01)).topK(2).build();
        long start = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        t.fit(train);
        bytes[k] = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - start;
      }
    }
    long extra = bytes[1] - bytes[0];
    assertTrue(extra < 4 * 1024, "4 extra epochs (4,000 steps) allocated " + extra + " bytes");
  }
}
