package dev.netc.codegen.ops;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every op netc knows, by the name the DSL uses. Adding an op means adding it here. */
public final class OpCatalogue {
  private OpCatalogue() {}

  private static final Map<String, Op> OPS = new LinkedHashMap<>();
  private static final Map<String, OpWrapper> WRAPPERS = new LinkedHashMap<>();

  static {
    add(new DenseOp());
    add(new FlattenOp());
    add(new ReshapeOp());
    add(new DropoutOp());
    add(new BatchNormOp());
    for (Activation a : Activation.values()) {
      if (a != Activation.LINEAR) {
        add(new ActivationOp(a));
      }
    }
    add(new SoftmaxOp(false));
    add(new SoftmaxOp(true));
    add(new ConvOp(1));
    add(new ConvOp(2));
    add(new ConvTransposeOp());
    add(new PoolOp(true));
    add(new PoolOp(false));
    add(new GlobalPoolOp(true));
    add(new GlobalPoolOp(false));
    // sequences (issue 6)
    add(new EmbeddingOp());
    add(new RecurrentOp(RecurrentOp.Kind.RNN));
    add(new RecurrentOp(RecurrentOp.Kind.LSTM));
    add(new RecurrentOp(RecurrentOp.Kind.GRU));
    add(new TimeDenseOp());
    // normalization and attention (issue 15)
    add(new LayerNormOp());
    add(new MultiHeadAttentionOp());
    // single-input shape ops (issue 15)
    add(new SliceOp());
    add(new ReduceOp(false));
    add(new ReduceOp(true));
    add(new UpsampleOp());
    add(new PositionalEmbeddingOp());
    // merges (graph networks)
    for (ElementwiseMerge.Kind k : ElementwiseMerge.Kind.values()) {
      add(new ElementwiseMerge(k));
    }
    add(new ConcatOp());
    // graph networks (issue 15)
    WRAPPERS.put("bidirectional", new Bidirectional());
  }

  private static void add(Op op) {
    OPS.put(op.name(), op);
  }

  public static Op get(String name) {
    return OPS.get(name);
  }

  public static Map<String, Op> all() {
    return Collections.unmodifiableMap(OPS);
  }

  /** The wrapper called {@code name}, such as bidirectional, or null. */
  public static OpWrapper wrapper(String name) {
    return WRAPPERS.get(name);
  }

  /** Every wrapper, by name. */
  public static Map<String, OpWrapper> wrappers() {
    return Collections.unmodifiableMap(WRAPPERS);
  }
}
