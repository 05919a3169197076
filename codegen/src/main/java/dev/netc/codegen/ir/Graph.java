package dev.netc.codegen.ir;

import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LossDef;
import dev.netc.dsl.SourcePos;
import java.util.List;
import java.util.Map;

/**
 * A checked network: nodes in topological order (inputs first), its outputs with their losses, the
 * optimizer and training settings. Everything here is valid: the builder reports problems instead
 * of building.
 */
public record Graph(
    String name,
    List<Node> nodes,
    List<Output> outputs,
    String optimizer,
    Map<String, Double> optimizerArgs,
    int batchSize,
    int epochs,
    Long seed,
    SourcePos pos) {

  /** A network with one output and its loss. */
  public Graph(String name, List<Node> nodes, Node output, LossDef loss, String optimizer,
      Map<String, Double> optimizerArgs, int batchSize, int epochs, Long seed, SourcePos pos) {
    this(name, nodes, List.of(new Output(output, loss, new Args(Map.of(), Map.of(), pos), 1.0, pos)),
        optimizer, optimizerArgs, batchSize, epochs, seed, pos);
  }

  /** The input nodes, in declaration order. */
  public List<Node> inputs() {
    return nodes.stream().filter(Node::isInput).toList();
  }

  /** The first (main) output: the only one of most networks. */
  public Node output() {
    return outputs.get(0).node();
  }

  /** The first output's loss. */
  public LossDef loss() {
    return outputs.get(0).loss();
  }

  /** Whether the network has more than one input: they then arrive packed and are split first. */
  public boolean packsInputs() {
    return inputs().size() > 1;
  }

  /** Whether the network has more than one output: outputs and targets are then packed. */
  public boolean packsOutputs() {
    return outputs.size() > 1;
  }
}
