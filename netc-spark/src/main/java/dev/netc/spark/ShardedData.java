package dev.netc.spark;

import dev.netc.runtime.Model;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training rows as one cached {@link Shard} per partition, each example with its index in the
 * data set (the index column, or the row's position when there is none).
 *
 * @param shards the cached shards, one per partition
 * @param partitions their number
 * @param size the examples in all
 */
record ShardedData(JavaRDD<Shard> shards, int partitions, int size) {

  /**
   * Packs {@code rows} for {@code model}. With {@code partitions > 0} the rows are first spread
   * over that many partitions by a hash of their index, the same way on every run.
   */
  static ShardedData of(Dataset<Row> rows, Model model, SparkTrainer.Columns names, int partitions) {
    var schema = rows.schema();
    TrainingColumns cols = new TrainingColumns(
        RowValues.requireColumn(schema, names.features(), "features", false),
        RowValues.requireColumn(schema, names.target(), "target", true), names.features(), names.target());
    JavaPairRDD<Long, Row> indexed;
    if (Arrays.asList(rows.columns()).contains(names.index())) {
      int at = schema.fieldIndex(names.index());
      DataType t = schema.fields()[at].dataType();
      if (!t.equals(DataTypes.LongType) && !t.equals(DataTypes.IntegerType)) {
        throw new IllegalArgumentException("index column \"" + names.index() + "\" is " + t.simpleString()
            + "; it must be an int or long numbering the examples 0 to count - 1");
      }
      String indexName = names.index();
      indexed = rows.javaRDD().mapToPair(r -> {
        if (r.isNullAt(at)) {
          throw new IllegalArgumentException("index column \"" + indexName + "\" is null in row " + r);
        }
        return new Tuple2<>(((Number) r.get(at)).longValue(), r);
      });
    } else {
      // the row's position: zipWithIndex counts the partitions once, then numbers them in order
      indexed = rows.javaRDD().zipWithIndex().mapToPair(Tuple2::swap);
    }
    if (partitions > 0 && partitions != indexed.getNumPartitions()) {
      indexed = indexed.partitionBy(new HashPartitioner(partitions));
    }
    int inputSize = model.inputSize();
    int targetSize = model.targetSize();
    JavaRDD<Shard> shards = indexed.mapPartitionsWithIndex(
        (p, it) -> List.of(Shard.pack(p, it, cols, inputSize, targetSize)).iterator(), true);
    shards.persist(StorageLevel.MEMORY_ONLY());
    long n = 0;
    for (int s : shards.map(Shard::size).collect()) {
      n += s;
    }
    if (n == 0) {
      shards.unpersist(false);
      throw new IllegalArgumentException("no training rows");
    }
    if (n > Integer.MAX_VALUE) {
      shards.unpersist(false);
      throw new IllegalArgumentException(n + " training rows; the epoch order holds at most "
          + Integer.MAX_VALUE);
    }
    return new ShardedData(shards, shards.getNumPartitions(), (int) n);
  }
}
