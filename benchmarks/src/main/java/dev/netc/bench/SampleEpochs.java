package dev.netc.bench;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.CharTransformer;
import dev.netc.samples.FashionMnist;
import dev.netc.samples.rnn.CharRnnMain;
import dev.netc.samples.rnn.CharRnnMain.Corpus;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The sample networks in the peer harness (benchmarks/peers/README.md), trained on one thread with
 * the hyper-parameters their {@code .net} files declare (Adam and its rate, batch size, seed):
 *
 * <ul>
 *   <li>cnn-bn ({@code FashionCnnBn.net}) and resnet ({@code FashionResnet.net}): a warm-up pass
 *       over the first {@value #WARMUP_IMAGES} training images (JIT compilation), then one timed
 *       epoch over the first {@value #SUBSET_IMAGES}, shuffled, the optimizer state carried over;
 *       test accuracy on the whole test set after it; the epoch's wall time and the training
 *       thread's CPU time ({@code .epoch_cpu_s}). A subset keeps the harness affordable; the
 *       work per image is the whole network's, so seconds scale with the image count;
 *   <li>transformer ({@code CharTransformer.net}): not a timed row; one epoch over the sample's
 *       training text in windows of 64 every 64 characters, so that the inference rows run a
 *       trained model, whose held-out next-character accuracy they print.
 * </ul>
 *
 * <p>With a save directory (EpochBench gives none for cnn-bn), resnet's and the transformer's models are written for {@link
 * InferBench} ({@code resnet.netc}, {@code transformer.netc}), as ONNX for the ONNX Runtime peer
 * and PyTorch ({@code resnet.onnx}, {@code transformer.onnx}) with netc's outputs for the first
 * test inputs ({@code resnet.ref}, {@code transformer.ref}), and the transformer's held-out
 * windows ({@code transformer.test}, {@link #writeWindows}) so that every peer reads the same ones.
 */
final class SampleEpochs {
  static final int WARMUP_IMAGES = 2_048;
  static final int SUBSET_IMAGES = 10_000;
  /** Windows of the transformer's training text start every this many characters (the sample: 32). */
  static final int TRANSFORMER_STRIDE = 64;

  /**
   * The training thread's CPU time, printed beside the epoch's wall time: on a shared machine it
   * shows how much of the wall time the epoch actually ran (training runs on the calling thread).
   */
  private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

  private SampleEpochs() {}

  /** Trains {@code model} as the class comment says and prints its METRIC lines under {@code workload}. */
  static void image(String workload, GeneratedModel model, FashionMnist.Data data, Path save) throws IOException {
    Dataset all = data.train();
    Dataset subset = all.subset(0, Math.min(SUBSET_IMAGES, all.size()));
    Dataset warmup = all.subset(0, Math.min(WARMUP_IMAGES, all.size()));
    Trainer trainer = trainer(model);
    trainer.fit(warmup);
    long cpuStart = CPU.getCurrentThreadCpuTime();
    History timed = trainer.fit(subset);
    double cpuSeconds = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e9;
    double seconds = timed.epochs().get(0).seconds();
    Evaluation test = Trainer.evaluate(model, data.test(), 256);
    System.out.printf(Locale.ROOT, "RESULT %s %.3f %.4f (one epoch of %d images after a warm-up pass over %d)%n",
        workload, seconds, test.accuracy(), subset.size(), warmup.size());
    EpochBench.metric(workload + ".epoch_s", seconds);
    EpochBench.metric(workload + ".epoch_cpu_s", cpuSeconds);
    EpochBench.metric(workload + ".acc", test.accuracy());
    EpochBench.metric(workload + ".train_images", subset.size());
    if (save != null) {
      saveAll(workload, model, save);
      EpochBench.writeReference(model, data.test(), save.resolve(workload + ".ref"));
    }
  }

  /** One epoch of CharTransformer, for the inference rows; its held-out windows go to {@code save}. */
  static void transformer(Path save) throws IOException {
    CharTransformer model = new CharTransformer();
    Corpus corpus = CharRnnMain.load();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    int split = corpus.text().length() * 9 / 10;
    Dataset train = CharRnnMain.windows(corpus, 0, split, steps, vocab, TRANSFORMER_STRIDE);
    Dataset test = heldOut();
    long start = System.nanoTime();
    trainer(model).fit(train);
    double seconds = (System.nanoTime() - start) / 1e9;
    double acc = InferBench.accuracy(model, test);
    System.out.printf(Locale.ROOT, "RESULT transformer %.3f %.4f (one epoch of %d windows; not a compared row)%n",
        seconds, acc, train.size());
    EpochBench.metric("transformer.fit_s", seconds);
    if (save != null) {
      saveAll("transformer", model, save);
      EpochBench.writeReference(model, test, save.resolve("transformer.ref"));
      writeWindows(test, vocab, save.resolve("transformer.test"));
    }
  }

  /** The transformer sample's held-out text (the last 10% of Genesis) in windows of 64 every 64 characters. */
  static Dataset heldOut() throws IOException {
    Corpus corpus = CharRnnMain.load();
    CharTransformer shape = new CharTransformer();
    int steps = shape.inputShape()[0];
    int split = corpus.text().length() * 9 / 10;
    return CharRnnMain.windows(corpus, split, corpus.text().length(), steps, shape.outputShape()[1], steps);
  }

  /** The network's declared optimizer, batch size and seed, one thread, one epoch per {@code fit}. */
  private static Trainer trainer(GeneratedModel model) {
    long seed = model.trainingSpec().seed();
    model.initialize(seed);
    return Trainer.builder(model)
        .optimizer(Optimizers.create(model.optimizerSpec()))
        .epochs(1)
        .batchSize(model.trainingSpec().batchSize())
        .seed(seed)
        .build();
  }

  private static void saveAll(String workload, GeneratedModel model, Path save) throws IOException {
    Files.createDirectories(save);
    ModelFile.save(model, save.resolve(workload + ".netc"));
    BenchOnnx.write(model, save.resolve(workload + ".onnx"));
  }

  /**
   * Writes windows as little-endian int32: their count n, the window length T, then n x T
   * character ids and n x T next-character ids: the transformer's test set for every peer.
   */
  static void writeWindows(Dataset windows, int vocab, Path file) throws IOException {
    int n = windows.size();
    int steps = windows.inputSize();
    ByteBuffer b = ByteBuffer.allocate(4 * (2 + 2 * n * steps)).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(n).putInt(steps);
    float[] x = windows.inputs();
    for (int i = 0; i < n * steps; i++) {
      b.putInt((int) x[i]);
    }
    float[] y = windows.targets();
    for (int i = 0; i < n * steps; i++) {
      b.putInt(InferBench.argmax(y, i * vocab, vocab));
    }
    Files.write(file, b.array());
  }
}
