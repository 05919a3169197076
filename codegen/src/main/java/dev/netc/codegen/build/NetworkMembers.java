package dev.netc.codegen.build;

import dev.netc.codegen.ir.Node;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a network, walked in the order written: inputs and value statements are built
 * as they come, the output, loss, optimizer and training declarations are collected (a second
 * loss, optimizer or training block is reported) for the steps after.
 */
final class NetworkMembers {
  /** The value of the last input or value statement, or null when it failed or there is none. */
  Node last;
  final List<OutputDecl> outputs = new ArrayList<>();
  final List<LossDecl> losses = new ArrayList<>();
  OptimizerDecl optimizer;
  TrainingDecl training;

  private NetworkMembers() {}

  /** Walks the members of {@code net}, building its inputs and values with {@code stages}. */
  static NetworkMembers collect(NetworkDecl net, NetworkContext ctx, Stages stages) {
    reserveUserNames(net, ctx);
    Scope network = ctx.network;
    // without any input every layer would complain; "has no input" below says it once
    network.broken = ctx.firstInput == null;
    NetworkMembers members = new NetworkMembers();
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        Node input = Inputs.declare(in, ctx);
        // a later input does not repair a failed one: the statements after it may read either
        network.broken |= input == null;
        members.last = input;
      } else if (m instanceof ValueStmt v) {
        members.last = stages.value(v, members.last, network);
        network.broken |= members.last == null;
      } else {
        members.declaration(m, ctx);
      }
    }
    if (ctx.firstInput == null) {
      ctx.diags.error(net.namePos(), "network " + net.name()
          + " has no input; declare one such as `input x: float[4];`");
    }
    return members;
  }

  /** User names win over generated ones: reserves them before any layer gets an automatic name. */
  private static void reserveUserNames(NetworkDecl net, NetworkContext ctx) {
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        ctx.names.reserveUserName(in.name());
        ctx.network.declaredAt.putIfAbsent(in.name(), in.pos());
        if (ctx.firstInput == null) {
          ctx.firstInput = in;
        }
      } else if (m instanceof ValueStmt v && v.name() != null) {
        ctx.names.reserveUserName(v.name());
        ctx.network.declaredAt.putIfAbsent(v.name(), v.namePos());
        ctx.network.mentions.put(v.name(), Mentions.of(v.chain()));
      }
    }
  }

  /** Collects a member that declares no value. */
  private void declaration(Member m, NetworkContext ctx) {
    if (m instanceof OutputDecl out) {
      outputs.add(out);
    } else if (m instanceof LossDecl l) {
      losses.add(l); // one per output: LossChecker pairs them up
    } else if (m instanceof OptimizerDecl o) {
      if (optimizer != null) {
        ctx.diags.error(o.pos(), "duplicate optimizer: already declared at line " + optimizer.pos().line());
      }
      optimizer = o;
    } else if (m instanceof TrainingDecl t) {
      if (training != null) {
        ctx.diags.error(t.pos(), "duplicate training block: already declared at line "
            + training.pos().line());
      }
      training = t;
    } else if (m instanceof ReturnStmt r) {
      ctx.diags.error(r.pos(), "return is only allowed inside a block;"
          + " use output to name the network's output");
    }
  }
}
