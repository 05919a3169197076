package dev.netc.onnx.ops;

import dev.netc.onnx.core.ConstantFolder;
import dev.netc.onnx.core.OnnxOp;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every op mapping, by netc op name (export) and by ONNX op type (import). Adding an op means
 * writing one {@link OnnxOp} and adding it here.
 */
public final class OnnxOps {
  private OnnxOps() {}

  private static final List<OnnxOp> ALL = new ArrayList<>();
  private static final Map<String, OnnxOp> BY_NETC = new LinkedHashMap<>();
  private static final Map<String, OnnxOp> BY_ONNX = new LinkedHashMap<>();

  static {
    add(new DenseMapping());
    add(new ConvMapping());
    add(new ConvTransposeMapping());
    add(new BatchNormMapping());
    add(new ActivationMapping());
    add(new SoftmaxMapping());
    add(new PoolMapping());
    add(new GlobalPoolMapping());
    add(new ReshapeMapping());
    add(new DropoutMapping());
    add(new MergeMapping());
    add(new ConcatMapping());
    // sequences, normalization, attention and shape ops
    add(new RecurrentMapping());
    add(new EmbeddingMapping());
    add(new TimeDenseMapping());
    add(new LayerNormMapping());
    add(new AttentionMapping());
    add(new PositionalEmbeddingMapping());
    add(new SliceMapping());
    add(new ReduceMapping());
    add(new UpsampleMapping());
    add(new PadMapping());
  }

  private static void add(OnnxOp op) {
    ALL.add(op);
    for (String n : op.netcOps()) {
      if (BY_NETC.put(n, op) != null) {
        throw new IllegalStateException("two ONNX mappings export netc op " + n);
      }
    }
    for (String t : op.onnxOps()) {
      if (BY_ONNX.put(t, op) != null) {
        throw new IllegalStateException("two ONNX mappings import op type " + t);
      }
    }
  }

  /** The mapping exporting netc op {@code name}, or null. */
  public static OnnxOp forNetc(String name) {
    return BY_NETC.get(name);
  }

  /** The mapping importing ONNX op type {@code opType}, or null. */
  public static OnnxOp forOnnx(String opType) {
    return BY_ONNX.get(opType);
  }

  /** Every mapping, in registration order. */
  public static List<OnnxOp> all() {
    return Collections.unmodifiableList(ALL);
  }

  /** The netc ops that export, in registration order. */
  public static List<String> exportableOps() {
    return List.copyOf(BY_NETC.keySet());
  }

  /**
   * The ONNX op types an import reads, sorted: the mapped ones and those folded as constants (a
   * folded type only when its inputs are known before run time).
   */
  public static List<String> importableTypes() {
    TreeSet<String> types = new TreeSet<>(BY_ONNX.keySet());
    types.addAll(ConstantFolder.FOLDABLE);
    return List.copyOf(types);
  }
}
