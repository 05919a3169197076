package dev.netc.onnx.core;

import dev.netc.onnx.OnnxImportException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import onnx.Onnx.GraphProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.ValueInfoProto;

/**
 * What an {@link OnnxOp} imports from and into: the ONNX graph (who produces and who reads each
 * value), the values known before run time ({@link Constant}s: initializers, {@code Constant} nodes
 * and folded shape computations), the netc value each ONNX value has become ({@link Value}), and
 * the {@code .net} text and parameters being written ({@link NetSource}).
 */
public final class ImportContext {
  private final GraphProto graph;
  private final int opset;
  private final Map<String, Constant> constants = new HashMap<>();
  private final Map<String, Value> values = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> consumers = new HashMap<>();
  private final Set<String> graphOutputs = new HashSet<>();
  private final Set<NodeProto> claimed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, NodeProto> dynamic = new HashMap<>();
  private final NetNames names = new NetNames();
  private long fixedBatch;
  private final NetSource source = new NetSource();

  /** Imports {@code graph}, whose model imports the default domain at {@code opset}. */
  public ImportContext(GraphProto graph, int opset) {
    this.graph = graph;
    this.opset = opset;
    for (NodeProto n : graph.getNodeList()) {
      for (String out : n.getOutputList()) {
        producers.put(out, n);
      }
      for (String in : n.getInputList()) {
        if (!in.isEmpty()) {
          consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(n);
        }
      }
    }
    for (ValueInfoProto out : graph.getOutputList()) {
      graphOutputs.add(out.getName());
    }
  }

  /**
   * Records the first dim of a graph input: the batch size when every input fixes the same one
   * (a model exported without a dynamic batch axis), else -1.
   */
  void noteBatchDim(long dim) {
    if (fixedBatch == 0) {
      fixedBatch = dim;
    } else if (fixedBatch != dim) {
      fixedBatch = -1;
    }
  }

  /**
   * The batch size the graph inputs fix, or -1 when it is symbolic: a reshape to {@code [that,
   * ...]} then keeps the batch axis, as one to {@code [-1, ...]} does.
   */
  public long fixedBatch() {
    return fixedBatch > 0 ? fixedBatch : -1;
  }

  /** The version of the default ONNX domain the model imports. */
  public int opset() {
    return opset;
  }

  /** The ONNX graph being imported. */
  public GraphProto graph() {
    return graph;
  }

  NetNames names() {
    return names;
  }

  /** The {@code .net} text and parameters written so far. */
  public NetSource source() {
    return source;
  }

  // ---- constants

  /** The constant called {@code name}, or null when it is computed at run time. */
  public Constant constant(String name) {
    return name.isEmpty() ? null : constants.get(name);
  }

  /** Records that value {@code name} is the constant {@code value}. */
  public void setConstant(String name, Constant value) {
    constants.put(name, value);
  }

  /** Input {@code i} of {@code node} as a constant, or an error saying it must be one. */
  public Constant requireConstant(NodeProto node, int i, String what) throws OnnxImportException {
    if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
      throw refuse(node, "has no " + what + " (input " + i + ")");
    }
    String name = node.getInput(i);
    Constant c = constant(name);
    if (c == null && values.get(name) == null && producer(name) == null) {
      throw refuse(node, "its " + what + " (input " + i + ", \"" + name + "\") is missing: no initializer, graph"
          + " input or node output has that name");
    }
    if (c == null) {
      NodeProto computing = dynamic.get(name);
      throw refuse(node, "its " + what + " (input " + i + ", \"" + name + "\") is computed at run time"
          + (computing == null ? "" : " by node \"" + computing.getName() + "\" (" + computing.getOpType()
          + ") from the batch size or from values netc cannot fold")
          + "; netc needs it as a constant (an initializer or a foldable shape computation)");
    }
    return c;
  }

  /** Float weights of input {@code i}, checked to have {@code dims}. */
  public float[] weights(NodeProto node, int i, String what, long... dims) throws OnnxImportException {
    Constant c = requireConstant(node, i, what);
    if (!Arrays.equals(c.dims(), dims)) {
      throw refuse(node, "its " + what + " has shape " + Arrays.toString(c.dims()) + ", expected "
          + Arrays.toString(dims));
    }
    if (c.isInteger()) {
      throw refuse(node, "its " + what + " holds integers, expected floats");
    }
    return c.floats().clone();
  }

  /** Whether input {@code i} of {@code node} is given (optional inputs may be absent or empty). */
  public static boolean hasInput(NodeProto node, int i) {
    return i < node.getInputCount() && !node.getInput(i).isEmpty();
  }

  // ---- the graph

  /** The node computing {@code value}, or null for a graph input or initializer. */
  public NodeProto producer(String value) {
    return producers.get(value);
  }

  /** The nodes reading {@code value}, in graph order. */
  public List<NodeProto> consumers(String value) {
    return consumers.getOrDefault(value, List.of());
  }

  /**
   * The one node reading {@code value} when it is of {@code opType}, not yet claimed, and {@code
   * value} is no graph output: the node a layer may take in (a bias Add, an activation); else null.
   */
  public NodeProto soleConsumer(String value, String... opTypes) {
    List<NodeProto> readers = consumers(value);
    if (readers.size() != 1 || graphOutputs.contains(value) || claimed.contains(readers.get(0))) {
      return null;
    }
    NodeProto n = readers.get(0);
    return Arrays.asList(opTypes).contains(n.getOpType()) ? n : null;
  }

  /**
   * Records that {@code node}, a shape computation over constants, could not be folded (it computes
   * with the batch size): a node that reads its outputs is refused, naming it.
   */
  public void markDynamic(NodeProto node) {
    for (String out : node.getOutputList()) {
      dynamic.put(out, node);
    }
  }

  /** Whether {@code value} is the output of a shape computation that could not be folded. */
  public boolean isDynamic(String value) {
    return dynamic.containsKey(value);
  }

  /** Whether {@code value} is one of the graph's outputs. */
  public boolean isGraphOutput(String value) {
    return graphOutputs.contains(value);
  }

  /** Marks {@code node} as taken in by another node's layer: the importer skips it. */
  public void claim(NodeProto node) {
    claimed.add(node);
  }

  /** Whether another node's layer took {@code node} in. */
  public boolean isClaimed(NodeProto node) {
    return claimed.contains(node);
  }

  // ---- values

  /** The netc value behind input {@code i} of {@code node}. */
  public Value input(NodeProto node, int i) throws OnnxImportException {
    if (!hasInput(node, i)) {
      throw refuse(node, "has no input " + i);
    }
    String name = node.getInput(i);
    Value v = values.get(name);
    if (v == null) {
      NodeProto computing = dynamic.get(name);
      if (computing != null) {
        throw refuse(node, "input " + i + " (\"" + name + "\") is computed at run time by node \"" + computing.getName()
            + "\" (" + computing.getOpType() + ") from the batch size or from values netc cannot fold; netc needs"
            + " it as a constant");
      }
      if (constants.containsKey(name)) {
        throw refuse(node, "input " + i + " (\"" + name + "\") is a constant where netc needs a value computed"
            + " from the network's input");
      }
      throw refuse(node, "input " + i + " (\"" + name + "\") is not a graph input, an initializer or the output"
          + " of an earlier node");
    }
    return v;
  }

  /** The value of {@code onnxName}, or null when it is none (yet). */
  public Value value(String onnxName) {
    return values.get(onnxName);
  }

  /**
   * The netc name of input {@code i} of {@code node} held in ONNX's shape: when netc holds it in
   * another rank, a {@code reshape} view (no copy) is written first.
   */
  public String inputAsOnnx(NodeProto node, int i) throws OnnxImportException {
    input(node, i);
    return asOnnxShape(node.getInput(i));
  }

  /** The netc name of ONNX value {@code onnxName} in ONNX's shape, reshaping (a view) when netc's differs. */
  public String asOnnxShape(String onnxName) {
    Value v = values.get(onnxName);
    if (v.sameShape()) {
      return v.netc();
    }
    String name = names.fresh(v.netc() + "_reshaped", "reshaped");
    String call = v.onnxShape().length == 1 ? "flatten(" + v.netc() + ")"
        : "reshape(" + v.netc() + ", " + NetSource.list(v.onnxShape()) + ")";
    source.statement(name, call,
        "ONNX's shape of \"" + onnxName + "\"");
    values.put(onnxName, Value.of(name, v.onnxShape()));
    return name;
  }

  /** Makes {@code onnxName} stand for {@code value}. */
  public void bind(String onnxName, Value value) throws OnnxImportException {
    if (values.containsKey(onnxName) || constants.containsKey(onnxName)) {
      throw new OnnxImportException("value \"" + onnxName + "\" is produced twice");
    }
    values.put(onnxName, value);
  }

  /** Declares a graph input. */
  public void declareInput(String onnxName, String type, int[] shape, boolean integer, String comment)
      throws OnnxImportException {
    String name = names.fresh(onnxName, "input");
    source.input(name, type, shape, comment);
    bind(onnxName, new Value(name, shape, shape, integer));
  }

  /** Starts a netc layer for {@code origin} calling {@code op}. */
  public LayerBuilder layer(NodeProto origin, String op) {
    return new LayerBuilder(this, origin, op);
  }

  /** An error about {@code node}: its name, op type and {@code why}. */
  public OnnxImportException refuse(NodeProto node, String why) {
    return new OnnxImportException(node.getName(), node.getOpType(), why);
  }
}
