package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.ir.Node;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.OutputDecl;

/**
 * The network's output: the value its output statement names, which may be defined after the
 * statement, else the last value. A network whose output is its input computes nothing.
 */
final class NetworkOutput {
  private NetworkOutput() {}

  /** The output node, or null when there is none (reported, or failed where it was defined). */
  static Node resolve(NetworkDecl net, NetworkMembers members, NetworkContext ctx) {
    Diagnostics diags = ctx.diags;
    Node declared = null;
    boolean failed = false;
    for (OutputDecl out : members.outputs) {
      if (out != members.outputs.get(0)) {
        diags.error(out.pos(), "duplicate output declaration: already declared at line "
            + members.outputs.get(0).pos().line());
        continue;
      }
      declared = named(out, ctx);
      failed = declared == null;
    }
    Node output = declared != null ? declared : failed ? null : members.last;
    Node computed = output;
    while (computed != null && computed.isView()) {
      computed = computed.input();
    }
    if (computed != null && computed.isInput()) {
      diags.error(net.namePos(), "network " + net.name() + " computes nothing: its output is its input"
          + (output.isInput() ? "" : " seen through " + output.opName()) + "; add a layer such as dense(10)");
    }
    return output;
  }

  /** The value an output statement names, or null (reported unless its definition failed). */
  private static Node named(OutputDecl out, NetworkContext ctx) {
    if (out.names().size() != 1) {
      ctx.diags.error(out.pos(), "several outputs are not supported yet; name one value");
      return null;
    }
    Ident id = out.names().get(0);
    Scope network = ctx.network;
    Node node = network.values.get(id.name());
    if (node == null && !network.definedAt.containsKey(id.name())) {
      ctx.diags.error(id.pos(), "unknown value '" + id.name() + "'"
          + Suggestions.didYouMean(id.name(), network.definedAt.keySet()));
    }
    return node;
  }
}
