package dev.netc.codegen.build;

import static dev.netc.codegen.base.Names.camel;
import static dev.netc.codegen.base.Names.constant;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Op;
import dev.netc.dsl.SourcePos;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Different values must stay different in the generated Java, where {@code hidden_layer} and
 * {@code hiddenLayer} both become {@code HIDDEN_LAYER} and {@code hiddenLayerForward}.
 */
final class JavaNameClashes {
  private JavaNameClashes() {}

  /** Reports each layer whose generated identifiers clash with another's; false when any do. */
  static boolean check(List<Node> nodes, Scope network, Diagnostics diags) {
    Map<String, Node> owners = new HashMap<>();
    // identity: a Node record's hashCode walks all its inputs (deep networks: slow, deep stack)
    Set<Node> reported = Collections.newSetFromMap(new IdentityHashMap<>());
    boolean ok = true;
    for (Node node : nodes) {
      if (node.isInput()) {
        continue;
      }
      for (String identifier : generatedIdentifiers(node)) {
        Node other = owners.putIfAbsent(identifier, node);
        if (other == null || other == node || !reported.add(node)) {
          continue;
        }
        Node at = node.userNamed() || !other.userNamed() ? node : other;
        Node with = at == node ? other : node;
        SourcePos withPos = with.userNamed() ? network.definedAt.get(with.name()) : with.pos();
        diags.error(at.userNamed() ? network.definedAt.get(at.name()) : at.pos(), "name '" + at.name()
            + "' clashes with '" + with.name() + "' (line " + withPos.line()
            + ") in the generated Java, where both become " + identifier + "; rename one");
        ok = false;
      }
    }
    return ok;
  }

  /**
   * The Java identifiers the generated class declares for one layer: its forward and backward
   * methods and its parameter, buffer and workspace constants. Mirrors emit.Layout and
   * emit.ModelEmitter.
   */
  static List<String> generatedIdentifiers(Node node) {
    List<String> out = new ArrayList<>();
    String base = constant(node.name());
    for (ParamSpec p : node.params()) {
      out.add(base + "_" + constant(p.role()));
    }
    if (node.isView()) {
      return out;
    }
    out.add(camel(node.name()) + "Forward");
    out.add(camel(node.name()) + "Backward");
    out.add("OUT_" + base);
    out.add("GRAD_" + base);
    for (Op.ExtraBuffer extra : node.op().extraBuffers(node.input().shape(), node.shape(), node.args())) {
      out.add(constant(extra.name()) + "_" + base);
    }
    return out;
  }
}
