package dev.netc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.samples.FashionMlp;
import dev.netc.samples.training.FashionMlpPlain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetcModelTransformerTest {
  private final SparkSession spark = SparkTestSession.get();

  /** Scores Parquet rows in a Pipeline from a model file; every prediction is the local model's. */
  @Test
  void scoresLikeTheLocalModelInAPipeline(@TempDir Path dir) throws IOException {
    FashionMlp model = new FashionMlp();
    model.initialize(21);
    Path file = dir.resolve("fashion.netc");
    ModelFile.save(model, file);
    Dataset test = SparkTestSession.fashionTest(700);
    String parquet = dir.resolve("test.parquet").toString();
    NetcFrames.writeParquet(NetcFrames.of(spark, test, 3), parquet);

    NetcModelTransformer scorer = NetcModelTransformer.fromFile(spark, ModelFactory.of(FashionMlp.class),
        file.toUri().toString()).setOutputCol("logits").setBatchSize(64);
    PipelineModel pipeline = new Pipeline().setStages(new PipelineStage[] {scorer}).fit(spark.read().parquet(parquet));
    List<Row> scored = pipeline.transform(spark.read().parquet(parquet)).orderBy("index").collectAsList();

    assertEquals(test.size(), scored.size());
    float[] x = new float[784];
    for (Row r : scored) {
      int i = (int) r.getLong(r.fieldIndex("index"));
      System.arraycopy(test.inputs(), i * 784, x, 0, 784);
      assertEquals(model.predictClass(x), r.getDouble(r.fieldIndex("prediction")), "row " + i);
      List<Float> logits = r.getList(r.fieldIndex("logits"));
      float[] expected = model.predict(x);
      float[] got = new float[logits.size()];
      for (int k = 0; k < got.length; k++) {
        got[k] = logits.get(k);
      }
      // a batch of 64 and a batch of 1 sum in the same order per example
      assertArrayEquals(expected, got, 1e-5f, "row " + i);
    }
  }

  @Test
  void readsVectorAndDoubleColumns() {
    FashionMlpPlain model = new FashionMlpPlain();
    model.initialize(3);
    Dataset test = SparkTestSession.fashionTest(5);
    StructType schema = new StructType().add("v", new org.apache.spark.ml.linalg.VectorUDT(), false)
        .add("d", DataTypes.createArrayType(DataTypes.DoubleType), false);
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      double[] d = new double[784];
      for (int k = 0; k < 784; k++) {
        d[k] = test.inputs()[i * 784 + k];
      }
      rows.add(RowFactory.create(Vectors.dense(d), scala.collection.immutable.ArraySeq.unsafeWrapArray(d)));
    }
    org.apache.spark.sql.Dataset<Row> frame = spark.createDataFrame(rows, schema);
    NetcModelTransformer t = NetcModelTransformer.of(ModelFactory.of(FashionMlpPlain.class), model);
    List<Row> byVector = t.copy(new org.apache.spark.ml.param.ParamMap()).setFeaturesCol("v").transform(frame).collectAsList();
    List<Row> byArray = t.setFeaturesCol("d").transform(frame).collectAsList();
    float[] x = new float[784];
    for (int i = 0; i < test.size(); i++) {
      System.arraycopy(test.inputs(), i * 784, x, 0, 784);
      assertEquals(model.predictClass(x), byVector.get(i).getDouble(2));
      assertEquals(model.predictClass(x), byArray.get(i).getDouble(2));
    }
  }

  @Test
  void badInputIsReportedClearly(@TempDir Path dir) throws IOException {
    FashionMlp model = new FashionMlp();
    model.initialize(1);
    NetcModelTransformer t = NetcModelTransformer.of(ModelFactory.of(FashionMlp.class), model);
    StructType text = new StructType().add("features", DataTypes.StringType);
    IllegalArgumentException wrongType = assertThrows(IllegalArgumentException.class, () -> t.transformSchema(text));
    assertEquals("features column \"features\" is string; a network reads array<float>, array<double> or a vector",
        wrongType.getMessage());
    IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
        () -> t.transformSchema(NetcFrames.LABELLED.add("prediction", DataTypes.DoubleType)));
    assertEquals("column \"prediction\" already exists; choose another output name", taken.getMessage());

    Path other = dir.resolve("plain.netc");
    FashionMlpPlain plain = new FashionMlpPlain();
    plain.initialize(1);
    ModelFile.save(plain, other);
    UncheckedIOException wrongFile = assertThrows(UncheckedIOException.class,
        () -> NetcModelTransformer.fromFile(spark, ModelFactory.of(FashionMlp.class), other.toString()));
    assertTrue(wrongFile.getMessage().startsWith("cannot load model file " + other + " for FashionMlp"),
        wrongFile.getMessage());
    IllegalStateException missing = assertThrows(IllegalStateException.class,
        () -> ModelFactory.of("dev.netc.NoSuchModel").create());
    assertTrue(missing.getMessage().startsWith("model class dev.netc.NoSuchModel is not on this JVM's class path"));
  }
}
