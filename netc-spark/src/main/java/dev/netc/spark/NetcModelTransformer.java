package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Objects;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.Identifiable$;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Scores a {@code Dataset<Row>} with a netc model, as a Spark ML {@link Transformer} (so it fits in
 * a {@code Pipeline}): it adds a prediction column, the index of the largest value of the
 * network's first output (the class, for a classifier), and optionally the raw output as {@code
 * array<float>}.
 *
 * <p>The parameters are broadcast once per transformer and Spark context; each partition builds
 * one model instance and one workspace and scores its rows in batches of {@link
 * #setBatchSize(int) batchSize}, so nothing but the output rows is allocated per row.
 *
 * <p>Not persistable with {@code MLWritable}: save the model file and build the transformer from it
 * ({@link #fromFile}).
 */
public final class NetcModelTransformer extends Transformer {
  private static final long serialVersionUID = 1L;

  private final String uid;
  private final ModelFactory models;
  private final float[] parameters;
  private String featuresCol = "features";
  private String predictionCol = "prediction";
  private String outputCol;
  private int batchSize = 256;
  private transient Broadcast<float[]> broadcast;
  private transient SparkContext broadcastContext;

  private NetcModelTransformer(String uid, ModelFactory models, float[] parameters) {
    this.uid = uid;
    this.models = models;
    this.parameters = parameters;
  }

  /**
   * Scores with {@code model}'s current parameters (copied now).
   *
   * @param models makes the instances partitions score with: the model's class
   * @param model the trained model
   * @return the transformer
   */
  public static NetcModelTransformer of(ModelFactory models, Model model) {
    Model probe = models.create();
    if (probe.parameterCount() != model.parameterCount() || !probe.name().equals(model.name())) {
      throw new IllegalArgumentException("the factory makes " + probe + ", the parameters are " + model + "'s");
    }
    return new NetcModelTransformer(Identifiable$.MODULE$.randomUID("netc"), models, model.parameters().clone());
  }

  /**
   * Scores with the parameters of a netc model file, read through Hadoop's file system (any URI
   * the session's Hadoop configuration can open: {@code hdfs://}, {@code s3a://}, a local path).
   * The file is checked against the model as {@code ModelFile.load} checks it.
   *
   * @param spark the session whose Hadoop configuration opens the file
   * @param models makes the model instances: the generated class the file was saved from
   * @param modelFile the file's URI or path
   * @return the transformer
   * @throws UncheckedIOException when the file cannot be read or is no model file for this class
   */
  public static NetcModelTransformer fromFile(SparkSession spark, ModelFactory models, String modelFile) {
    Model model = models.create();
    Path path = new Path(modelFile);
    try {
      java.nio.file.Path tmp = Files.createTempFile("netc-model", ".netc");
      try {
        FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
        try (InputStream in = fs.open(path)) {
          Files.copy(in, tmp, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        ModelFile.load(model, tmp);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model file " + modelFile + " for " + model.name() + ": "
          + e.getMessage(), e);
    }
    return new NetcModelTransformer(Identifiable$.MODULE$.randomUID("netc"), models, model.parameters());
  }

  /**
   * The input column: {@code array<float>}, {@code array<double>} or a vector of the network's
   * input size ({@code features} by default).
   * @param column the column name
   * @return this transformer
   */
  public NetcModelTransformer setFeaturesCol(String column) {
    this.featuresCol = Objects.requireNonNull(column, "column");
    return this;
  }

  /**
   * The added prediction column, a double ({@code prediction} by default).
   * @param column the column name
   * @return this transformer
   */
  public NetcModelTransformer setPredictionCol(String column) {
    this.predictionCol = Objects.requireNonNull(column, "column");
    return this;
  }

  /**
   * Also adds the network's whole output as {@code array<float>} in this column (none by default).
   * @param column the column name, or null for none
   * @return this transformer
   */
  public NetcModelTransformer setOutputCol(String column) {
    this.outputCol = column;
    return this;
  }

  /**
   * Rows scored per forward pass in each partition (256 by default).
   * @param batchSize at least 1
   * @return this transformer
   */
  public NetcModelTransformer setBatchSize(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
    }
    this.batchSize = batchSize;
    return this;
  }

  @Override
  public String uid() {
    return uid;
  }

  @Override
  public StructType transformSchema(StructType schema) {
    RowValues.requireColumn(schema, featuresCol, "features", false);
    StructType out = schema;
    for (String added : outputCol == null ? new String[] {predictionCol} : new String[] {predictionCol, outputCol}) {
      for (String existing : schema.fieldNames()) {
        if (existing.equals(added)) {
          throw new IllegalArgumentException("column \"" + added + "\" already exists; choose another output name");
        }
      }
    }
    out = out.add(predictionCol, DataTypes.DoubleType, false);
    if (outputCol != null) {
      out = out.add(outputCol, DataTypes.createArrayType(DataTypes.FloatType, false), false);
    }
    return out;
  }

  @Override
  public Dataset<Row> transform(Dataset<?> dataset) {
    StructType out = transformSchema(dataset.schema());
    Broadcast<float[]> params = broadcast(dataset.sparkSession());
    MapPartitionsFunction<Row, Row> score = new PartitionScorer(models, params,
        dataset.schema().fieldIndex(featuresCol), featuresCol, outputCol != null, batchSize);
    return dataset.toDF().mapPartitions(score, Encoders.row(out));
  }

  /** The parameters' broadcast, made once per Spark context. */
  private synchronized Broadcast<float[]> broadcast(SparkSession spark) {
    SparkContext sc = spark.sparkContext();
    if (broadcast == null || broadcastContext != sc || sc.isStopped()) {
      broadcast = JavaSparkContext.fromSparkContext(sc).broadcast(parameters);
      broadcastContext = sc;
    }
    return broadcast;
  }

  @Override
  public NetcModelTransformer copy(ParamMap extra) {
    NetcModelTransformer c = new NetcModelTransformer(uid, models, parameters);
    c.featuresCol = featuresCol;
    c.predictionCol = predictionCol;
    c.outputCol = outputCol;
    c.batchSize = batchSize;
    return c;
  }
}
