package dev.netc.onnx.idioms;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.TensorProto;

/**
 * Who produces and who reads each value of an ONNX graph, and the values that are constants
 * (initializers, {@code Constant} nodes, and {@code Identity} of either): what the idiom matchers
 * walk. It reads the graph as written, before the importer maps or folds anything, so that the
 * matchers (which run before the node loop) see the nodes an exporter wrote; the importer's own
 * context learns more constants as it folds.
 */
public final class NodeIndex {
  private final GraphProto graph;
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Map<String, TensorProto> constants = new HashMap<>();

  /** Indexes {@code graph}'s nodes, initializers and constant nodes. */
  public NodeIndex(GraphProto graph) {
    this.graph = graph;
    for (TensorProto t : graph.getInitializerList()) {
      constants.put(t.getName(), t);
    }
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
      if (n.getOpType().equals("Constant") && n.getOutputCount() == 1) {
        for (AttributeProto a : n.getAttributeList()) {
          if (a.getName().equals("value") && a.hasT()) {
            constants.put(n.getOutput(0), a.getT());
          }
        }
      } else if (n.getOpType().equals("Identity") && constants.containsKey(n.getInput(0))) {
        constants.put(n.getOutput(0), constants.get(n.getInput(0)));
      }
    }
  }

  /** {@return the graph indexed} */
  public GraphProto graph() {
    return graph;
  }

  /** The node writing {@code value}, or null for a graph input or an initializer. */
  public NodeProto producer(String value) {
    return producers.get(value);
  }

  /** The nodes reading {@code value}, in graph order. */
  public List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /** Whether a graph output is {@code value}. */
  public boolean isGraphOutput(String value) {
    return graph.getOutputList().stream().anyMatch(o -> o.getName().equals(value));
  }

  /** The constant {@code value} is, or null when it is computed. */
  public TensorProto constant(String value) {
    return constants.get(value);
  }

  /** The producer of {@code value} when it is an {@code opType} node, else null. */
  public NodeProto producer(String value, String opType) {
    NodeProto n = producers.get(value);
    return n != null && n.getOpType().equals(opType) ? n : null;
  }

  /** A float constant's values (raw or typed data), or null when {@code value} is not one. */
  public float[] floats(String value) {
    TensorProto t = constants.get(value);
    return t == null ? null : floats(t);
  }

  /** An integer constant's values (int64 or int32), or null when {@code value} is not one. */
  public long[] longs(String value) {
    TensorProto t = constants.get(value);
    return t == null ? null : longs(t);
  }

  /** {@code t}'s values as floats, or null unless it holds FLOAT data. */
  public static float[] floats(TensorProto t) {
    if (t.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
      return null;
    }
    if (t.getRawData().isEmpty()) {
      float[] out = new float[t.getFloatDataCount()];
      for (int i = 0; i < out.length; i++) {
        out[i] = t.getFloatData(i);
      }
      return out;
    }
    FloatBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[b.remaining()];
    b.get(out);
    return out;
  }

  /** {@code t}'s values as longs, or null unless it holds INT64 or INT32 data. */
  public static long[] longs(TensorProto t) {
    if (t.getDataType() == TensorProto.DataType.INT64_VALUE) {
      if (t.getRawData().isEmpty()) {
        return t.getInt64DataList().stream().mapToLong(Long::longValue).toArray();
      }
      LongBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
      long[] out = new long[b.remaining()];
      b.get(out);
      return out;
    }
    if (t.getDataType() == TensorProto.DataType.INT32_VALUE) {
      if (t.getRawData().isEmpty()) {
        return t.getInt32DataList().stream().mapToLong(Integer::longValue).toArray();
      }
      var b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
      long[] out = new long[b.remaining()];
      for (int i = 0; i < out.length; i++) {
        out[i] = b.get(i);
      }
      return out;
    }
    return null;
  }

  /** The attribute {@code name} of {@code n}, or null. */
  public static AttributeProto attribute(NodeProto n, String name) {
    for (AttributeProto a : n.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** An int attribute, or {@code otherwise} when absent. */
  public static long intAttribute(NodeProto n, String name, long otherwise) {
    AttributeProto a = attribute(n, name);
    return a == null ? otherwise : a.getI();
  }

  /** An ints attribute, or null when absent. */
  public static long[] intsAttribute(NodeProto n, String name) {
    AttributeProto a = attribute(n, name);
    return a == null ? null : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** What error messages call a node: its name when it has one, and its op type. */
  public static String describe(NodeProto n) {
    return (n.getName().isEmpty() ? "node writing " + n.getOutput(0) : "node " + n.getName())
        + " (" + n.getOpType() + ")";
  }
}
