package dev.netc.spark;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.Idx;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.collection.immutable.ArraySeq;

/**
 * netc data sets as Spark DataFrames, in the columns {@link SparkTrainer} and {@link
 * NetcModelTransformer} read by default: {@code index} (long, the example's position),
 * {@code features} ({@code array<float>}) and {@code label} (int) for labelled data, or {@code
 * target} ({@code array<float>}) for other targets. Fashion-MNIST's IDX files become a DataFrame
 * with {@link #fromIdx}, and Parquet with {@link #writeParquet}.
 */
public final class NetcFrames {
  /** The schema of labelled examples. */
  public static final StructType LABELLED = new StructType()
      .add("index", DataTypes.LongType, false)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("label", DataTypes.IntegerType, false);

  /** The schema of examples with array targets. */
  public static final StructType WITH_TARGETS = new StructType()
      .add("index", DataTypes.LongType, false)
      .add("features", DataTypes.createArrayType(DataTypes.FloatType, false), false)
      .add("target", DataTypes.createArrayType(DataTypes.FloatType, false), false);

  private NetcFrames() {}

  /**
   * The examples of {@code data} as a DataFrame in {@code partitions} slices of consecutive rows.
   * The arrays are broadcast once and each task builds its slice's rows from them, so tasks stay
   * small (a parallelized list of rows would travel inside every task of every later job that
   * reads the rows, such as each training step).
   *
   * @param spark the session
   * @param data the examples
   * @param partitions slices, at least 1
   * @return the DataFrame ({@link #LABELLED} when the data has labels, else {@link #WITH_TARGETS})
   */
  public static org.apache.spark.sql.Dataset<Row> of(SparkSession spark, Dataset data, int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
    }
    int n = data.size();
    int in = data.inputSize();
    int t = data.targetSize();
    boolean labelled = data.hasLabels();
    int[] labels = new int[labelled ? n : 0];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = data.label(i);
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<float[]> x = jsc.broadcast(data.inputs());
    Broadcast<float[]> y = jsc.broadcast(labelled ? new float[0] : data.targets());
    Broadcast<int[]> l = jsc.broadcast(labels);
    List<Integer> slices = new ArrayList<>();
    for (int p = 0; p < partitions; p++) {
      slices.add(p);
    }
    JavaRDD<Row> rows = jsc.parallelize(slices, partitions).flatMap(p -> {
      int from = (int) ((long) p * n / partitions);
      int to = (int) ((long) (p + 1) * n / partitions);
      List<Row> slice = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        Object features = ArraySeq.unsafeWrapArray(Arrays.copyOfRange(x.value(), i * in, (i + 1) * in));
        Object target = labelled ? (Object) l.value()[i]
            : ArraySeq.unsafeWrapArray(Arrays.copyOfRange(y.value(), i * t, (i + 1) * t));
        slice.add(RowFactory.create((long) i, features, target));
      }
      return slice.iterator();
    });
    return spark.createDataFrame(rows, labelled ? LABELLED : WITH_TARGETS);
  }

  /**
   * Fashion-MNIST (or MNIST) from IDX image and label files on the driver's file system, gzipped
   * or not: pixels scaled to [0, 1], ten classes.
   *
   * @param spark the session
   * @param images the image file, such as {@code train-images-idx3-ubyte.gz}
   * @param labels the label file
   * @param partitions slices, at least 1
   * @return the labelled DataFrame
   * @throws IOException when a file cannot be read or is no IDX file
   */
  public static org.apache.spark.sql.Dataset<Row> fromIdx(SparkSession spark, Path images, Path labels,
      int partitions) throws IOException {
    return of(spark, Idx.readDataset(images, labels, 10), partitions);
  }

  /**
   * Writes {@code frame} as Parquet to {@code path} (any Hadoop URI), replacing what is there.
   *
   * @param frame the rows
   * @param path the directory to write
   */
  public static void writeParquet(org.apache.spark.sql.Dataset<Row> frame, String path) {
    frame.write().mode(SaveMode.Overwrite).parquet(path);
  }
}
