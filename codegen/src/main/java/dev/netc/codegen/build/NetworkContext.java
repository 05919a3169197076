package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.ir.Node;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.InputDecl;
import java.util.ArrayList;
import java.util.List;

/** What the steps that build one network share: its nodes so far, its names and its input. */
final class NetworkContext {
  final Diagnostics diags;
  /** The network's own names; each block call gets a scope of its own. */
  final Scope network;
  final LayerNames names = new LayerNames();
  /** The nodes built so far, in topological order: a node's id is its index here. */
  final List<Node> nodes = new ArrayList<>();
  /** The first input declaration, or null when the network has none. */
  InputDecl firstInput;
  /** Input declarations seen so far. */
  int inputCount;
  /** Set when a call failed because the block has errors, which were reported at the block. */
  boolean calledBlockWithErrors;

  NetworkContext(Diagnostics diags, BlockTable blocks) {
    this.diags = diags;
    this.network = new Scope("", blocks, null);
  }

  /** Adds {@code node}, whose id must be {@link #nextId()}, and returns it. */
  Node add(Node node) {
    nodes.add(node);
    return node;
  }

  int nextId() {
    return nodes.size();
  }

  /** Reports an op or block call ({@code what}) that has no value to apply it to. */
  void noInput(String what, SourcePos pos) {
    diags.error(pos, what + ": no input to apply it to; declare the input (line "
        + firstInput.pos().line() + ") before the layers");
  }
}
