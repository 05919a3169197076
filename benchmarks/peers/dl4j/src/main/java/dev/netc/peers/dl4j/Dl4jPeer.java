package dev.netc.peers.dl4j;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * DL4J 1.0.0-M2.1 (nd4j-native CPU backend) on the workloads of benchmarks/peers/README.md,
 * with netc's hyper-parameters and initializers (He normal for the ReLU layers, Xavier uniform for
 * the output layer, zero biases), float32, batch 32, shuffled with seed 1:
 *
 * <ul>
 *   <li>mlp-sgd (SGD lr 0.1) and mlp-adam (Adam lr 1e-3): 784-128-10, 3 epochs, seconds = median
 *       of epochs 2-3;
 *   <li>cnn-sgd (SGD lr 0.05): conv 5x5 x8 valid ReLU, maxpool 2x2, dense 1152 -> 10; 2 epochs,
 *       seconds = epoch 2;
 *   <li>inference on the mlp-sgd and cnn-sgd models it trained, with dev.netc.bench.InferBench's
 *       protocol: {@code b1} creates the INDArray from a {@code float[]} per call, {@code b1t}
 *       reuses INDArrays created beforehand (a ring of 1,000 images).
 * </ul>
 *
 * <p>Threads: {@code OMP_NUM_THREADS=1} and {@code OPENBLAS_NUM_THREADS=1} must be set in the
 * environment (peers/run-all.sh does); the program also sets nd4j's max threads to 1.
 *
 * <p>Usage: {@code Dl4jPeer DATA_DIR [SAVE_DIR] [--workloads mlp-sgd,mlp-adam,cnn-sgd,infer]};
 * prints {@code METRIC key value}; with SAVE_DIR writes {@code dl4j-mlp-sgd.zip} for the cold
 * start.
 */
public final class Dl4jPeer {
  static final int WARMUP_CALLS = 5_000;
  static final int TIMED_CALLS = 20_000;
  static final int RING = 1_000;
  static final int BATCH = 256;

  private Dl4jPeer() {}

  public static void main(String[] args) throws Exception {
    Path data = Path.of(args[0]);
    Path save = null;
    List<String> workloads = List.of("mlp-sgd", "mlp-adam", "cnn-sgd", "infer");
    for (int i = 1; i < args.length; i++) {
      if (args[i].equals("--workloads")) {
        workloads = Arrays.asList(args[++i].split(","));
      } else {
        save = Path.of(args[i]);
      }
    }
    Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
    Nd4j.getEnvironment().setMaxThreads(1);
    Nd4j.getEnvironment().setMaxMasterThreads(1);
    System.out.println("dl4j 1.0.0-M2.1, backend " + Nd4j.getBackend().getClass().getSimpleName()
        + ", nd4j max threads " + Nd4j.getEnvironment().maxThreads()
        + ", OMP_NUM_THREADS=" + System.getenv("OMP_NUM_THREADS"));
    FashionIdx train = FashionIdx.trainSet(data);
    FashionIdx test = FashionIdx.testSet(data);
    System.out.println("train " + train.count() + ", test " + test.count());
    MultiLayerNetwork mlp = null;
    MultiLayerNetwork cnn = null;
    for (String w : workloads) {
      switch (w) {
        case "mlp-sgd" -> {
          mlp = train(w, mlp(new Sgd(0.1)), train, test, 3);
          if (save != null) {
            Files.createDirectories(save);
            ModelSerializer.writeModel(mlp, save.resolve("dl4j-mlp-sgd.zip").toFile(), false);
          }
        }
        case "mlp-adam" -> train(w, mlp(new Adam(1e-3)), train, test, 3);
        case "cnn-sgd" -> cnn = train(w, cnn(new Sgd(0.05)), train, test, 2);
        case "infer" -> {
          if (mlp != null) {
            measure("mlp", mlp, test);
          }
          if (cnn != null) {
            measure("cnn", cnn, test);
          }
        }
        default -> throw new IllegalArgumentException("unknown workload " + w);
      }
    }
  }

  static MultiLayerNetwork mlp(IUpdater updater) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(1)
        .dataType(DataType.FLOAT)
        .updater(updater)
        .list()
        .layer(new DenseLayer.Builder().nIn(784).nOut(128).activation(Activation.RELU)
            .weightInit(WeightInit.RELU).biasInit(0).build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(128).nOut(10)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0).build())
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  static MultiLayerNetwork cnn(IUpdater updater) {
    MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
        .seed(1)
        .dataType(DataType.FLOAT)
        .updater(updater)
        .list()
        .layer(new ConvolutionLayer.Builder(5, 5).nIn(1).nOut(8).stride(1, 1).activation(Activation.RELU)
            .weightInit(WeightInit.RELU).biasInit(0).build())
        .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
            .build())
        .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(10)
            .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER_UNIFORM).biasInit(0).build())
        .setInputType(InputType.convolutionalFlat(28, 28, 1))
        .build();
    MultiLayerNetwork net = new MultiLayerNetwork(conf);
    net.init();
    return net;
  }

  static MultiLayerNetwork train(String name, MultiLayerNetwork net, FashionIdx train, FashionIdx test,
      int epochs) {
    int n = train.count();
    int size = train.imageSize();
    int[] order = new int[n];
    Random rng = new Random(1);
    float[] x = new float[32 * size];
    float[] y = new float[32 * 10];
    double[] seconds = new double[epochs];
    for (int e = 0; e < epochs; e++) {
      long start = System.nanoTime();
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      for (int i = n - 1; i > 0; i--) {
        int j = rng.nextInt(i + 1);
        int t = order[i];
        order[i] = order[j];
        order[j] = t;
      }
      for (int from = 0; from < n; from += 32) {
        int count = Math.min(32, n - from);
        Arrays.fill(y, 0f);
        for (int b = 0; b < count; b++) {
          int k = order[from + b];
          System.arraycopy(train.images(), k * size, x, b * size, size);
          y[b * 10 + train.labels()[k]] = 1f;
        }
        INDArray features = Nd4j.create(count == 32 ? x : Arrays.copyOf(x, count * size), new long[] {count, size}, 'c');
        INDArray labels = Nd4j.create(count == 32 ? y : Arrays.copyOf(y, count * 10), new long[] {count, 10}, 'c');
        net.fit(features, labels);
      }
      seconds[e] = (System.nanoTime() - start) / 1e9;
    }
    double[] late = Arrays.copyOfRange(seconds, 1, epochs);
    Arrays.sort(late);
    double median = late.length % 2 == 1 ? late[late.length / 2]
        : (late[late.length / 2 - 1] + late[late.length / 2]) / 2;
    double acc = accuracy(net, test);
    System.out.printf(Locale.ROOT, "RESULT %s %.3f %.4f (epochs %s s)%n", name, median, acc, Arrays.toString(seconds));
    metric(name + ".epoch_s", median);
    metric(name + ".acc", acc);
    return net;
  }

  static double accuracy(MultiLayerNetwork net, FashionIdx test) {
    int n = test.count();
    int size = test.imageSize();
    int correct = 0;
    for (int from = 0; from < n; from += BATCH) {
      int count = Math.min(BATCH, n - from);
      INDArray x = Nd4j.create(Arrays.copyOfRange(test.images(), from * size, (from + count) * size),
          new long[] {count, size}, 'c');
      INDArray pred = net.output(x).argMax(1);
      for (int i = 0; i < count; i++) {
        if (pred.getInt(i) == test.labels()[from + i]) {
          correct++;
        }
      }
    }
    return (double) correct / n;
  }

  static void measure(String kind, MultiLayerNetwork net, FashionIdx test) {
    int n = test.count();
    int size = test.imageSize();
    float[][] images = new float[n][];
    for (int i = 0; i < n; i++) {
      images[i] = Arrays.copyOfRange(test.images(), i * size, (i + 1) * size);
    }
    long[] one = {1, size};
    float sink = 0;
    for (int i = 0; i < WARMUP_CALLS; i++) {
      sink += net.output(Nd4j.create(images[i % n], one, 'c')).toFloatVector()[0];
    }
    long[] t = new long[TIMED_CALLS];
    for (int i = 0; i < TIMED_CALLS; i++) {
      float[] x = images[i % n];
      long start = System.nanoTime();
      float[] y = net.output(Nd4j.create(x, one, 'c')).toFloatVector();
      t[i] = System.nanoTime() - start;
      sink += y[0];
    }
    Arrays.sort(t);
    metric(kind + ".b1.median_us", t[TIMED_CALLS / 2] / 1e3);
    metric(kind + ".b1.p99_us", t[(int) (TIMED_CALLS * 0.99)] / 1e3);

    int ring = Math.min(RING, n);
    List<INDArray> inputs = new ArrayList<>();
    for (int i = 0; i < ring; i++) {
      inputs.add(Nd4j.create(images[i], one, 'c'));
    }
    for (int i = 0; i < WARMUP_CALLS; i++) {
      sink += net.output(inputs.get(i % ring)).getFloat(0);
    }
    for (int i = 0; i < TIMED_CALLS; i++) {
      INDArray x = inputs.get(i % ring);
      long start = System.nanoTime();
      INDArray y = net.output(x);
      t[i] = System.nanoTime() - start;
      sink += y.getFloat(0);
    }
    Arrays.sort(t);
    metric(kind + ".b1t.median_us", t[TIMED_CALLS / 2] / 1e3);
    metric(kind + ".b1t.p99_us", t[(int) (TIMED_CALLS * 0.99)] / 1e3);

    int batches = Math.max(1, Math.min(8, n / BATCH));
    List<INDArray> big = new ArrayList<>();
    for (int r = 0; r < batches; r++) {
      big.add(Nd4j.create(Arrays.copyOfRange(test.images(), r * BATCH * size, (r + 1) * BATCH * size),
          new long[] {BATCH, size}, 'c'));
    }
    long end = System.nanoTime() + 1_000_000_000L;
    for (int i = 0; System.nanoTime() < end; i++) {
      sink += net.output(big.get(i % batches)).getFloat(0);
    }
    long start = System.nanoTime();
    end = start + 2_000_000_000L;
    long calls = 0;
    long now;
    do {
      sink += net.output(big.get((int) (calls % batches))).getFloat(0);
      calls++;
      now = System.nanoTime();
    } while (now < end || calls < 10);
    metric(kind + ".b256.img_s", calls * BATCH / ((now - start) / 1e9));
    metric(kind + ".acc", accuracy(net, test));
    if (sink == 42) {
      System.out.println();
    }
  }

  static void metric(String key, double value) {
    System.out.printf(Locale.ROOT, "METRIC %s %.4f%n", key, value);
  }
}
