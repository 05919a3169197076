package dev.netc.codegen.ir;

import dev.netc.codegen.ops.LossCall;
import dev.netc.dsl.SourcePos;
import java.util.List;
import java.util.Map;

/**
 * A checked network: nodes in topological order (inputs first), its output, loss, optimizer and
 * training settings. Everything here is valid: the builder reports problems instead of building.
 */
public record Graph(
    String name,
    List<Node> nodes,
    Node output,
    LossCall loss,
    String optimizer,
    Map<String, Double> optimizerArgs,
    int batchSize,
    int epochs,
    Long seed,
    SourcePos pos) {

  public List<Node> inputs() {
    return nodes.stream().filter(Node::isInput).toList();
  }
}
