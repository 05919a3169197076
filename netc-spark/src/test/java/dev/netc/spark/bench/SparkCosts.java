package dev.netc.spark.bench;

import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.Idx;
import dev.netc.runtime.optim.Optimizer;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.samples.FashionMlp;
import dev.netc.spark.ModelFactory;
import dev.netc.spark.NetcFrames;
import dev.netc.spark.NetcModelTransformer;
import dev.netc.spark.SparkTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * The measurements behind BENCHMARKS.md's Spark section, in one JVM: scoring throughput of {@link
 * NetcModelTransformer} on the session's master against one local thread; the wall time of one
 * synchronous round and of one averaging round against the compute of one step; and the scaling
 * table those numbers give under a stated network model.
 *
 * <p>Run: {@code ./mvnw -B -q -pl netc-spark -am verify -DskipTests -Pspark-run
 * -Dspark.main=dev.netc.spark.bench.SparkCosts -Dspark.args="DIR"} with DIR the Fashion-MNIST IDX
 * directory.
 */
public final class SparkCosts {
  private SparkCosts() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "/usr/share/datasets/fashion-mnist");
    Dataset train = Idx.readDataset(dir.resolve("train-images-idx3-ubyte.gz"), dir.resolve("train-labels-idx1-ubyte.gz"), 10);
    Dataset test = Idx.readDataset(dir.resolve("t10k-images-idx3-ubyte.gz"), dir.resolve("t10k-labels-idx1-ubyte.gz"), 10);
    SparkSession.Builder builder = SparkSession.builder().master("local[2]").appName("netc costs")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2");
    for (int i = 1; i + 1 < args.length; i += 2) {
      builder.config(args[i], args[i + 1]); // extra Spark settings: name value ...
    }
    SparkSession spark = builder.getOrCreate();
    if (System.getProperty("netc.costs.averagingOnly") != null) {
      org.apache.spark.sql.Dataset<Row> rows = viaParquet(spark, train.subset(0, 16384), "train");
      System.out.printf(Locale.ROOT, "averaging every 8 at batch 128: %.1f ms per round; synchronous %.1f ms%n",
          roundMillis(spark, rows, 128, 8), roundMillis(spark, rows, 128, 1));
      spark.stop();
      return;
    }
    try {
      FashionMlp model = new FashionMlp();
      model.initialize(1);
      System.out.printf(Locale.ROOT, "FashionMlp: %d parameters (%d bytes)%n", model.parameterCount(),
          4L * model.parameterCount());
      scoring(spark, model, test);
      double[] localStep = new double[3];
      int[] batches = {32, 128, 1024};
      for (int i = 0; i < batches.length; i++) {
        localStep[i] = localStepMillis(train, batches[i]);
        System.out.printf(Locale.ROOT, "local step (one thread), batch %d: %.2f ms; half batch: %.2f ms%n",
            batches[i], localStep[i], localStepMillis(train, batches[i] / 2));
      }
      org.apache.spark.sql.Dataset<Row> rows = viaParquet(spark, train.subset(0, 16384), "train");
      double round32 = roundMillis(spark, rows, 32, 1);
      double round128 = roundMillis(spark, rows, 128, 1);
      double round1024 = roundMillis(spark, rows, 1024, 1);
      double avg128 = roundMillis(spark, rows, 128, 8);
      System.out.printf(Locale.ROOT, "spark round (median), synchronous: batch 32 %.1f ms, batch 128 %.1f ms,"
          + " batch 1024 %.1f ms; averaging every 8 at batch 128: %.1f ms per round%n", round32, round128, round1024, avg128);
    } finally {
      spark.stop();
    }
  }

  private static void scoring(SparkSession spark, FashionMlp model, Dataset test) throws java.io.IOException {
    org.apache.spark.sql.Dataset<Row> rows = viaParquet(spark, test, "test").cache();
    rows.count();
    NetcModelTransformer scorer = NetcModelTransformer.of(ModelFactory.of(FashionMlp.class), model);
    List<Double> spark2 = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      long t0 = System.nanoTime();
      scorer.transform(rows).agg(functions.sum("prediction")).first();
      spark2.add((System.nanoTime() - t0) / 1e9);
    }
    // one thread over the packed floats, in batches of the transformer's size
    Workspace ws = model.newWorkspace(256);
    float[] x = new float[256 * 784];
    float[] out = new float[256 * 10];
    List<Double> local = new ArrayList<>();
    for (int r = 0; r < 7; r++) {
      long t0 = System.nanoTime();
      for (int from = 0; from < test.size(); from += 256) {
        int n = Math.min(256, test.size() - from);
        System.arraycopy(test.inputs(), from * 784, x, 0, n * 784);
        model.forward(ws, x, out, n, false);
      }
      local.add((System.nanoTime() - t0) / 1e9);
    }
    double s = median(spark2.subList(2, 7));
    double l = median(local.subList(2, 7));
    System.out.printf(Locale.ROOT, "scoring %d rows: spark local[2] %.0f rows/s (%.3f s), one local thread %.0f rows/s"
        + " (%.3f s), ratio %.2f%n", test.size(), test.size() / s, s, test.size() / l, l, l / s);
  }

  /** Median milliseconds of forward, backward and an Adam step at {@code batch}, one thread. */
  private static double localStepMillis(Dataset train, int batch) {
    FashionMlp m = new FashionMlp();
    m.initialize(2);
    Workspace ws = m.newWorkspace(batch);
    Optimizer adam = Optimizers.adam(0.001);
    float[] x = Arrays.copyOf(train.inputs(), batch * 784);
    float[] y = Arrays.copyOf(train.targets(), batch * 10);
    int reps = Math.max(20, 4096 / batch);
    double[] t = new double[reps];
    for (int warm = 0; warm < 2; warm++) {
      for (int r = 0; r < reps; r++) {
        long t0 = System.nanoTime();
        m.computeGradients(ws, x, y, batch, false);
        adam.step(m.parameters(), ws.gradients());
        t[r] = (System.nanoTime() - t0) / 1e6;
      }
    }
    Arrays.sort(t);
    return t[reps / 2];
  }

  /** Median wall time between the driver's step callbacks over one epoch of {@code rows}. */
  private static double roundMillis(SparkSession spark, org.apache.spark.sql.Dataset<Row> rows, int batch, int k) {
    List<Long> stamps = new ArrayList<>();
    FashionMlp m = new FashionMlp();
    m.initialize(3);
    stamps.add(System.nanoTime());
    SparkTrainer.builder(spark, ModelFactory.of(FashionMlp.class)).batchSize(batch).epochs(1).averageEvery(k)
        .listener((step, epoch, loss) -> stamps.add(System.nanoTime())).build().fit(m, rows);
    List<Double> gaps = new ArrayList<>();
    // the first rounds load classes and JIT-compile: skipped
    for (int i = Math.min(5, stamps.size() / 3); i + 1 < stamps.size(); i++) {
      gaps.add((stamps.get(i + 1) - stamps.get(i)) / 1e6);
    }
    return median(gaps);
  }

  /** The data as training and scoring read it: written to Parquet in two files, read back. */
  private static org.apache.spark.sql.Dataset<Row> viaParquet(SparkSession spark, Dataset data, String name)
      throws java.io.IOException {
    String path = java.nio.file.Files.createTempDirectory("netc-costs").resolve(name).toUri().toString();
    NetcFrames.writeParquet(NetcFrames.of(spark, data, 2), path);
    return spark.read().parquet(path);
  }

  private static double median(List<Double> v) {
    double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }
}
