package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.ir.Node;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.OutputDecl;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The network's outputs: the values its output statement names ({@code output logits, aux;}),
 * which may be defined after the statement, else the last value. A network whose output is its
 * input computes nothing.
 */
final class NetworkOutput {
  private NetworkOutput() {}

  /** The output nodes, or null when there are none (reported, or failed where they were defined). */
  static List<Node> resolve(NetworkDecl net, NetworkMembers members, NetworkContext ctx) {
    Diagnostics diags = ctx.diags;
    List<Node> outputs = new ArrayList<>();
    boolean failed = false;
    for (OutputDecl out : members.outputs) {
      if (out != members.outputs.get(0)) {
        diags.error(out.pos(), "duplicate output declaration: already declared at line "
            + members.outputs.get(0).pos().line() + "; name every output in one statement: output a, b;");
        continue;
      }
      failed = !named(out, ctx, outputs);
    }
    if (failed) {
      return null;
    }
    if (outputs.size() > Limits.MAX_PORTS) {
      diags.error(members.outputs.get(0).pos(), "network " + net.name() + " has " + outputs.size()
          + " outputs, more than " + Limits.MAX_PORTS + "; concat related outputs into one");
      return null;
    }
    if (members.outputs.isEmpty()) {
      if (members.last == null) {
        return null;
      }
      outputs.add(members.last);
    }
    for (Node output : outputs) {
      Node computed = output.storage();
      if (computed.isInput()) {
        diags.error(members.outputs.isEmpty() ? net.namePos() : members.outputs.get(0).pos(),
            "network " + net.name() + " computes nothing" + (outputs.size() > 1 ? " for output " + output.name() : "")
            + ": its output is its input" + (output.isInput() ? "" : " seen through " + output.opName())
            + "; add a layer such as dense(10)");
        return null;
      }
    }
    return outputs;
  }

  /** Adds the values an output statement names; false after reporting a name that is no value. */
  private static boolean named(OutputDecl out, NetworkContext ctx, List<Node> outputs) {
    Scope network = ctx.network;
    Map<Node, Ident> byStorage = new IdentityHashMap<>();
    boolean ok = true;
    for (Ident id : out.names()) {
      Node node = network.values.get(id.name());
      if (node == null) {
        if (!network.definedAt.containsKey(id.name())) {
          ctx.diags.error(id.pos(), "unknown value '" + id.name() + "' in output"
              + Suggestions.didYouMean(id.name(), network.definedAt.keySet()));
        }
        ok = false;
        continue;
      }
      Ident earlier = byStorage.putIfAbsent(node.storage(), id);
      if (earlier != null) {
        ctx.diags.error(id.pos(), "output " + id.name() + (earlier.name().equals(id.name()) ? " is named twice"
            : " shares its memory with output " + earlier.name() + " (one is a view of the other)")
            + "; name each output once");
        ok = false;
        continue;
      }
      outputs.add(node);
    }
    return ok;
  }

}
