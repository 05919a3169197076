package dev.netc.spark;

import dev.netc.runtime.data.Dataset;
import dev.netc.samples.FashionMnist;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.spark.sql.SparkSession;

/**
 * One in-process Spark session for every test class of the JVM (starting one costs seconds, a
 * JVM holds one SparkContext at a time). {@code local[2,3]}: two worker threads, and a failed task
 * is tried up to three times, as on a cluster (plain {@code local[2]} never retries).
 */
final class SparkTestSession {
  private static SparkSession spark;
  private static FashionMnist.Data fashion;

  private SparkTestSession() {}

  static synchronized SparkSession get() {
    if (spark == null) {
      spark = SparkSession.builder().master("local[2,3]").appName("netc-spark tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .getOrCreate();
      Runtime.getRuntime().addShutdownHook(new Thread(spark::stop));
    }
    return spark;
  }

  /** The first {@code n} training images of the embedded Fashion-MNIST subset. */
  static synchronized Dataset fashionTrain(int n) {
    return data().train().subset(0, n);
  }

  /** The first {@code n} test images of the embedded subset. */
  static synchronized Dataset fashionTest(int n) {
    return data().test().subset(0, n);
  }

  private static FashionMnist.Data data() {
    if (fashion == null) {
      try {
        fashion = FashionMnist.embedded();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fashion;
  }
}
