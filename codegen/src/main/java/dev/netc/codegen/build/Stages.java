package dev.netc.codegen.build;

import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.codegen.ops.OpWrapper;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ValueStmt;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves value statements and their chains, one stage at a time: a stage is a reference to a
 * value, or a call of an op (applied by {@link OpCalls}) or of a block (expanded by {@link
 * BlockCalls}) on the value before it.
 */
final class Stages {
  private final NetworkContext ctx;
  private final OpCalls ops;
  private final BlockCalls blocks;

  Stages(NetworkContext ctx) {
    this.ctx = ctx;
    this.blocks = new BlockCalls(ctx, this);
    this.ops = new OpCalls(ctx, blocks);
  }

  /** A value statement: its chain, from {@code previous} unless it starts with a value. */
  Node value(ValueStmt v, Node previous, Scope scope) {
    // a name that cannot be defined is reported; the chain is still checked, without the name
    String name = v.name() != null && scope.define(v.name(), v.namePos(), ctx.diags) ? v.name() : null;
    LayerName layerName = name == null ? null
        : scope.isNetwork() ? new LayerName(name, true)
        : new LayerName(ctx.names.fresh(scope.prefix + name), false);
    scope.defining = v.name();
    Node current = chain(v.chain(), previous, layerName, scope);
    scope.defining = null;
    if (current != null && name != null) {
      scope.values.put(name, current);
    }
    return current;
  }

  /** The stages of a chain, each applied to the one before; the last one gets {@code lastName}. */
  Node chain(Chain chain, Node previous, LayerName lastName, Scope scope) {
    Node current = previous;
    boolean first = true;
    for (Expr stage : chain.stages()) {
      current = stage(stage, current, first, stage == last(chain) ? lastName : null, scope);
      first = false;
      if (current == null) {
        break;
      }
    }
    return current;
  }

  private static Expr last(Chain chain) {
    return chain.stages().get(chain.stages().size() - 1);
  }

  /** One stage of a chain: a reference to a value, or an op or block applied to the previous value. */
  private Node stage(Expr stage, Node previous, boolean first, LayerName layerName, Scope scope) {
    String opName;
    List<Arg> args;
    SourcePos pos = stage.pos();
    // a parameter bound to a name such as relu stands for that op; blocks are not passed around
    Ident opLiteral = null;
    OpWrapper wrapper = null;
    if (stage instanceof Ident id) {
      Node named = scope.values.get(id.name());
      if (named != null) {
        if (!first) {
          ctx.diags.error(pos, "'" + id.name() + "' is a value, not an op; a value can only start a chain");
          return null;
        }
        return named;
      }
      opLiteral = opLiteral(id.name(), id.pos(), scope);
      if (opLiteral == null && scope.literals.containsKey(id.name())) {
        return null;
      }
      if (opLiteral == null && scope.declaredAt.containsKey(id.name()) && OpCatalogue.get(id.name()) == null
          && scope.blocks.get(id.name()) == null) {
        scope.notYetDefined(id, ctx.diags);
        return null;
      }
      if (opLiteral == null && OpCatalogue.wrapper(id.name()) != null) {
        ctx.diags.error(pos, id.name() + ": needs the layer it wraps, such as " + id.name() + "(gru(64))");
        return null;
      }
      opName = opLiteral != null ? opLiteral.name() : id.name();
      args = List.of();
    } else if (stage instanceof Call written) {
      Call call = written;
      wrapper = scope.literals.containsKey(call.name()) ? null : OpCatalogue.wrapper(call.name());
      if (wrapper != null) {
        // bidirectional(gru(64)) is gru(64, bidirectional: true): the wrapped op is the layer
        call = wrapper.unwrap(call, ctx.diags);
        if (call == null) {
          return null;
        }
        pos = call.pos();
      }
      opLiteral = opLiteral(call.name(), call.pos(), scope);
      if (opLiteral == null && scope.literals.containsKey(call.name())) {
        return null;
      }
      opName = opLiteral != null ? opLiteral.name() : call.name();
      args = call.args();
    } else {
      ctx.diags.error(pos, "expected an op such as dense(10) or a value name here");
      return null;
    }
    Op op = OpCatalogue.get(opName);
    Block block = op == null && opLiteral == null ? scope.blocks.get(opName) : null;
    if (op == null && block == null) {
      Set<String> known = new LinkedHashSet<>(OpCatalogue.all().keySet());
      known.addAll(OpCatalogue.wrappers().keySet());
      if (opLiteral == null) {
        known.addAll(scope.blocks.names());
      }
      ctx.diags.error(opLiteral != null ? opLiteral.pos() : pos, "unknown op '" + opName + "'"
          + Suggestions.didYouMean(opName, known));
      return null;
    }
    if (wrapper != null && (op == null || !wrapper.wraps(op))) {
      ctx.diags.error(pos, wrapper.name() + ": wraps " + wrapper.wrappable() + ", not " + opName);
      return null;
    }
    if (block != null) {
      return blocks.call(block, args, previous, layerName, pos, scope);
    }
    return ops.apply(op, opName, args, previous, layerName, pos, scope);
  }

  /**
   * The op name a block parameter bound to a literal stands for, as in {@code x -> act} with
   * {@code act} bound to {@code relu}; null when {@code name} is no such parameter, and null after
   * reporting when the parameter is bound to something that is no op name.
   */
  private Ident opLiteral(String name, SourcePos usedAt, Scope scope) {
    Expr literal = scope.literals.get(name);
    if (literal == null) {
      return null;
    }
    if (literal instanceof Ident op) {
      return op;
    }
    ctx.diags.error(usedAt, "'" + name + "' is " + ArgResolver.show(literal) + " here, not an op or a value");
    return null;
  }
}
