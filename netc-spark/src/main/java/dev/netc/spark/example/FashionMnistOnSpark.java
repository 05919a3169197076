package dev.netc.spark.example;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.Idx;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.train.Trainer;
import dev.netc.spark.ModelFactory;
import dev.netc.spark.NetcFrames;
import dev.netc.spark.NetcModelTransformer;
import dev.netc.spark.SparkHistory;
import dev.netc.spark.SparkTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fashion-MNIST on Spark, start to end: the IDX files become Parquet (once), a generated model is
 * trained from the Parquet rows by {@link SparkTrainer}, and the test rows are scored by {@link
 * NetcModelTransformer}. Runs the same way in a plain JVM ({@code --master local[2]}, the default
 * outside spark-submit) and under {@code spark-submit}, which supplies the master; docs/spark.md
 * has both command lines. With {@code --compare-local} it also trains the same model with the local
 * {@code Trainer} at the same batch and seed and prints both test accuracies.
 */
public final class FashionMnistOnSpark {
  private static final String USAGE = """
      usage: FashionMnistOnSpark [options]
        --model CLASS          generated model class (default dev.netc.samples.FashionMlp)
        --data DIR             Fashion-MNIST IDX files on the driver (default /usr/share/datasets/fashion-mnist)
        --parquet URI          where the Parquet copies go, any Hadoop URI (default a temporary directory);
                               existing train/ and test/ directories there are reused
        --master URL           Spark master (default: spark-submit's, else local[2])
        --partitions N         training partitions (default 2)
        --epochs N --batch N --seed N   (default: the network's training block)
        --average-every K      parameter averaging every K batches (default 1: synchronous)
        --checkpoints URI      checkpoint directory; a rerun resumes from it
        --checkpoint-every N   steps between checkpoints (default 500)
        --train-limit N        train on the first N images only
        --save FILE            write the trained model file (driver's file system)
        --compare-local        also train with the local Trainer and compare test accuracy
      """;

  private FashionMnistOnSpark() {}

  /**
   * Runs the example.
   *
   * @param args the options above
   * @throws IOException when the data cannot be read or the model file written
   */
  public static void main(String[] args) throws IOException {
    Options o = Options.parse(args);
    if (o == null) {
      System.out.print(USAGE);
      return;
    }
    SparkSession.Builder builder = SparkSession.builder().appName("netc Fashion-MNIST");
    String master = o.master != null ? o.master : System.getProperty("spark.master") == null ? "local[2]" : null;
    if (master != null) {
      // a plain JVM: in process, no web UI; under spark-submit the cluster's settings apply
      builder.master(master).config("spark.ui.enabled", "false");
    }
    SparkSession spark = builder.getOrCreate();
    try {
      run(spark, o);
    } finally {
      spark.stop();
    }
  }

  private static void run(SparkSession spark, Options o) throws IOException {
    ModelFactory models = ModelFactory.of(o.model);
    String parquet = o.parquet != null ? o.parquet : Files.createTempDirectory("netc-fashion").toUri().toString();
    Dataset train = Idx.readDataset(o.data.resolve("train-images-idx3-ubyte.gz"),
        o.data.resolve("train-labels-idx1-ubyte.gz"), 10);
    if (o.trainLimit > 0 && o.trainLimit < train.size()) {
      train = train.subset(0, o.trainLimit);
    }
    Dataset test = Idx.readDataset(o.data.resolve("t10k-images-idx3-ubyte.gz"),
        o.data.resolve("t10k-labels-idx1-ubyte.gz"), 10);
    String trainPath = toParquet(spark, train, parquet + "/train", o.partitions);
    String testPath = toParquet(spark, test, parquet + "/test", o.partitions);

    Model model = models.create();
    long seed = o.seed != null ? o.seed : new SeedOf(model).seed();
    model.initialize(seed);
    SparkTrainer.Builder tb = SparkTrainer.builder(spark, models).partitions(o.partitions).averageEvery(o.averageEvery)
        .listener((step, epoch, loss) -> {
          if (step % 200 == 0) {
            System.out.printf(Locale.ROOT, "  step %d (epoch %d): loss %.4f%n", step, epoch, loss);
          }
        });
    if (o.epochs > 0) {
      tb.epochs(o.epochs);
    }
    if (o.batch > 0) {
      tb.batchSize(o.batch);
    }
    tb.seed(seed);
    if (o.checkpoints != null) {
      tb.checkpoints(o.checkpoints, o.checkpointEvery);
    }
    SparkTrainer trainer = tb.build();
    System.out.printf(Locale.ROOT, "training %s on %s: %d images, %d partitions, batch %d, %d epochs, seed %d, %s%n",
        model.name(), spark.sparkContext().master(), train.size(), o.partitions, trainer.batchSize(),
        trainer.epochs(), seed, o.averageEvery == 1 ? "synchronous" : "averaging every " + o.averageEvery);
    long t0 = System.nanoTime();
    SparkHistory h = trainer.fit(model, spark.read().parquet(trainPath));
    double seconds = (System.nanoTime() - t0) / 1e9;
    for (int e = 0; e < h.epochLoss().size(); e++) {
      System.out.printf(Locale.ROOT, "  epoch %d: loss %.4f%n", e + 1, h.epochLoss().get(e));
    }
    double sparkAccuracy = accuracy(spark, models, model, testPath);
    System.out.printf(Locale.ROOT, "spark:  %d rounds in %.1f s (%.1f ms per round), test accuracy %.4f%n",
        h.rounds(), seconds, h.millisPerRound(), sparkAccuracy);
    if (o.save != null) {
      ModelFile.save(model, o.save);
      System.out.println("saved " + o.save);
    }
    if (o.compareLocal) {
      Model local = models.create();
      local.initialize(seed);
      long t1 = System.nanoTime();
      Trainer.builder(local).batchSize(trainer.batchSize()).epochs(trainer.epochs()).seed(seed).build().fit(train);
      double localSeconds = (System.nanoTime() - t1) / 1e9;
      double localAccuracy = Trainer.evaluate(local, test, 1000).accuracy();
      System.out.printf(Locale.ROOT, "local:  Trainer in %.1f s, test accuracy %.4f%n", localSeconds, localAccuracy);
      System.out.printf(Locale.ROOT, "difference (spark - local): %+.4f%n", sparkAccuracy - localAccuracy);
    }
  }

  /** Writes {@code data} as Parquet at {@code path} unless a copy is there; returns the path. */
  private static String toParquet(SparkSession spark, Dataset data, String path, int partitions) throws IOException {
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
    if (!fs.exists(new org.apache.hadoop.fs.Path(p, "_SUCCESS"))) {
      NetcFrames.writeParquet(NetcFrames.of(spark, data, partitions), path);
    }
    return path;
  }

  /** The share of test rows whose distributed prediction is their label. */
  private static double accuracy(SparkSession spark, ModelFactory models, Model model, String testPath) {
    org.apache.spark.sql.Dataset<Row> scored =
        NetcModelTransformer.of(models, model).transform(spark.read().parquet(testPath));
    long total = scored.count();
    long right = scored.filter("cast(label as double) = prediction").count();
    return (double) right / total;
  }

  /** The network's declared seed, as the trainers default to it. */
  private record SeedOf(Model model) {
    long seed() {
      return model.trainingSpec() != null && model.trainingSpec().seedDeclared()
          ? model.trainingSpec().seed() : Trainer.DEFAULT_SEED;
    }
  }

  /** The parsed command line. */
  private static final class Options {
    String model = "dev.netc.samples.FashionMlp";
    Path data = Path.of("/usr/share/datasets/fashion-mnist");
    String parquet;
    String master;
    int partitions = 2;
    int epochs;
    int batch;
    Long seed;
    int averageEvery = 1;
    String checkpoints;
    int checkpointEvery = 500;
    int trainLimit;
    Path save;
    boolean compareLocal;

    /** The options, or null when help was asked for. */
    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--help", "-h" -> {
            return null;
          }
          case "--compare-local" -> o.compareLocal = true;
          default -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException("option " + a + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (a) {
              case "--model" -> o.model = v;
              case "--data" -> o.data = Path.of(v);
              case "--parquet" -> o.parquet = v;
              case "--master" -> o.master = v;
              case "--partitions" -> o.partitions = number(a, v);
              case "--epochs" -> o.epochs = number(a, v);
              case "--batch" -> o.batch = number(a, v);
              case "--seed" -> o.seed = Long.parseLong(v);
              case "--average-every" -> o.averageEvery = number(a, v);
              case "--checkpoints" -> o.checkpoints = v;
              case "--checkpoint-every" -> o.checkpointEvery = number(a, v);
              case "--train-limit" -> o.trainLimit = number(a, v);
              case "--save" -> o.save = Path.of(v);
              default -> throw new IllegalArgumentException("unknown option " + a + "\n" + USAGE);
            }
          }
        }
      }
      return o;
    }

    private static int number(String option, String v) {
      try {
        int n = Integer.parseInt(v);
        if (n < 1) {
          throw new IllegalArgumentException(option + " must be at least 1, got " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(option + " takes a whole number, got \"" + v + "\"", e);
      }
    }
  }
}
