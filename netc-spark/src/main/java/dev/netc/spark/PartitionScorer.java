package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.collection.immutable.ArraySeq;

/**
 * One partition's scoring: one model and one workspace, rows read in batches, each batch one
 * forward pass in inference mode.
 */
final class PartitionScorer implements MapPartitionsFunction<Row, Row> {
  private static final long serialVersionUID = 1L;

  private final ModelFactory models;
  private final Broadcast<float[]> params;
  private final int featuresAt;
  private final String featuresCol;
  private final boolean withOutput;
  private final int batchSize;

  PartitionScorer(ModelFactory models, Broadcast<float[]> params, int featuresAt, String featuresCol,
      boolean withOutput, int batchSize) {
    this.models = models;
    this.params = params;
    this.featuresAt = featuresAt;
    this.featuresCol = featuresCol;
    this.withOutput = withOutput;
    this.batchSize = batchSize;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    Model model = models.create();
    float[] p = params.value();
    System.arraycopy(p, 0, model.parameters(), 0, p.length);
    ModelFactory.parametersCopied(model);
    return new Iterator<>() {
      private final int in = model.inputSize();
      private final int outSize = model.outputSize();
      private final OutputPort first = model.outputs().get(0);
      private final Workspace ws = model.newWorkspace(batchSize);
      private final float[] x = new float[batchSize * in];
      private final float[] out = new float[batchSize * outSize];
      private final Row[] batch = new Row[batchSize];
      private int size;
      private int next;

      @Override
      public boolean hasNext() {
        if (next < size) {
          return true;
        }
        fill();
        return size > 0;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        int k = next++;
        Row r = batch[k];
        batch[k] = null;
        int n = r.length();
        Object[] values = new Object[n + (withOutput ? 2 : 1)];
        for (int i = 0; i < n; i++) {
          values[i] = r.get(i);
        }
        values[n] = (double) argMax(k * outSize + first.offset(), first.size());
        if (withOutput) {
          values[n + 1] = ArraySeq.unsafeWrapArray(Arrays.copyOfRange(out, k * outSize, (k + 1) * outSize));
        }
        return RowFactory.create(values);
      }

      /** Reads the next batch of rows and runs the forward pass over it. */
      private void fill() {
        size = 0;
        next = 0;
        while (size < batchSize && rows.hasNext()) {
          Row r = rows.next();
          RowValues.readArray(r, featuresAt, x, size * in, in, featuresCol);
          batch[size++] = r;
        }
        if (size > 0) {
          model.forward(ws, x, out, size, false);
        }
      }

      private int argMax(int from, int count) {
        int best = 0;
        for (int i = 1; i < count; i++) {
          if (out[from + i] > out[from + best]) {
            best = i;
          }
        }
        return best;
      }
    };
  }
}
