package dev.netc.spark;

import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.Workspace;
import java.util.Arrays;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.api.java.UDF1;

/**
 * The per-row function behind {@link NetcModelTransformer}'s column expressions: one forward pass
 * in inference mode per row, returning the predicted class or the raw output.
 *
 * <p>Spark deserializes a fresh copy of this function in every task, so the model, its workspace
 * and the input buffer, kept in transient fields and built from the broadcast parameters on the
 * first row, exist once per task and are reused for all its rows.
 */
final class ScoringFunction implements UDF1<Object, Object> {
  private static final long serialVersionUID = 1L;

  /** What the function returns per row. */
  enum Result {
    /** The index of the largest value of the network's first output, as a {@code Double}. */
    CLASS,
    /** The network's whole output, as a {@code float[]}. */
    RAW
  }

  private final ModelFactory models;
  private final Broadcast<float[]> params;
  private final String featuresCol;
  private final Result result;
  private transient Model model;
  private transient Workspace ws;
  private transient float[] x;
  private transient float[] out;
  private transient OutputPort first;

  ScoringFunction(ModelFactory models, Broadcast<float[]> params, String featuresCol, Result result) {
    this.models = models;
    this.params = params;
    this.featuresCol = featuresCol;
    this.result = result;
  }

  @Override
  public Object call(Object features) {
    if (model == null) {
      open();
    }
    RowValues.readValue(features, x, 0, x.length, featuresCol);
    model.forward(ws, x, out, 1, false);
    if (result == Result.RAW) {
      return Arrays.copyOf(out, out.length);
    }
    return (double) argMax(out, first.offset(), first.size());
  }

  /** Builds this task's model and workspace from the broadcast parameters. */
  private void open() {
    Model m = models.create();
    float[] p = params.value();
    System.arraycopy(p, 0, m.parameters(), 0, p.length);
    ModelFactory.parametersCopied(m);
    ws = m.newWorkspace(1);
    x = new float[m.inputSize()];
    out = new float[m.outputSize()];
    first = m.outputs().get(0);
    model = m;
  }

  /** The index of the largest of {@code v[from..from+count)}, the first one on ties. */
  static int argMax(float[] v, int from, int count) {
    int best = 0;
    for (int i = 1; i < count; i++) {
      if (v[from + i] > v[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
