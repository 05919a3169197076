package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.ir.Node;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.ValueStmt;
import java.util.ArrayList;
import java.util.List;

/**
 * Expands block calls like hygienic macros: the body is checked in a scope of its own, where the
 * parameters are bound to the call's values and literals, and its layers are named after the
 * call. Guards the expansion against recursion and against the limits on calls, depth and layers.
 */
final class BlockCalls {
  private final NetworkContext ctx;
  private final Diagnostics diags;
  /** Resolves the statements of a body. */
  private final Stages stages;
  /** The blocks being expanded, outermost first. */
  private final List<Block> expanding = new ArrayList<>();
  private int calls;
  /** Layers counted so far, plain and from block calls. */
  private int layers;
  private boolean layerLimitReached;
  /** Set when a limit on block expansion was hit (and reported): nothing more is expanded. */
  private boolean stopped;

  BlockCalls(NetworkContext ctx, Stages stages) {
    this.ctx = ctx;
    this.diags = ctx.diags;
    this.stages = stages;
  }

  /** The value of the body's return for a call of {@code block}, or null after reporting. */
  Node call(Block block, List<Arg> args, Node previous, LayerName layerName, SourcePos pos, Scope caller) {
    if (!block.valid()) {
      ctx.calledBlockWithErrors = true; // reported at the block, once
      return null;
    }
    if (stopped) {
      return null;
    }
    BlockArguments.Bound bound = BlockArguments.bind(block, args, pos, caller, diags);
    Node input = bound != null && bound.input() != null ? bound.input() : previous;
    if (input == null) {
      if (!caller.broken && bound != null) {
        ctx.noInput(block.name(), pos);
      }
      return null;
    }
    if (bound == null || !enter(block, pos)) {
      return null;
    }
    try {
      String prefix = layerName != null ? layerName.name() : ctx.names.auto(block.name(), caller);
      Scope scope = new Scope(ctx.names.shortPrefix(prefix) + "_", block.home(), block);
      List<Ident> params = block.decl().params();
      scope.bindParameter(params.get(0), input, null);
      for (Ident param : params.subList(1, params.size())) {
        scope.bindParameter(param, bound.values().get(param.name()), bound.literals().get(param.name()));
      }
      return body(block, input, layerName, scope);
    } finally {
      expanding.remove(expanding.size() - 1);
      diags.leaveBlockCall();
    }
  }

  /**
   * The body's statements in {@code scope}, from {@code input}; the value of its return gets
   * {@code layerName}.
   */
  private Node body(Block block, Node input, LayerName layerName, Scope scope) {
    for (Member m : block.decl().body()) {
      if (m instanceof ValueStmt v && v.name() != null) {
        scope.declaredAt.putIfAbsent(v.name(), v.namePos());
      }
    }
    Node current = input;
    for (Member m : block.decl().body()) {
      if (m instanceof ValueStmt v) {
        current = stages.value(v, current, scope);
        scope.broken |= current == null;
      } else if (m instanceof ReturnStmt r) {
        return stages.chain(r.chain(), current, layerName, scope);
      }
    }
    return null; // BlockChecker made sure the body returns
  }

  /** Starts expanding a call, or reports why it cannot be: recursion or a limit. */
  private boolean enter(Block block, SourcePos pos) {
    if (expanding.contains(block)) {
      // BlockChecker rejects recursive blocks; this guards the expansion itself
      List<String> chain = new ArrayList<>(expanding.subList(expanding.indexOf(block), expanding.size())
          .stream().map(Block::name).toList());
      chain.add(block.name());
      diags.error(pos, "recursive block: " + String.join(" -> ", chain)
          + "; a block cannot call itself, directly or through other blocks");
      return false;
    }
    if (expanding.size() >= Limits.MAX_BLOCK_DEPTH) {
      diags.error(pos, "block calls are nested more than " + Limits.MAX_BLOCK_DEPTH + " deep");
      stopped = true;
      return false;
    }
    if (++calls > Limits.MAX_BLOCK_CALLS) {
      diags.error(pos, "this network expands more than " + Limits.MAX_BLOCK_CALLS
          + " block calls; blocks that call blocks several times multiply their calls");
      stopped = true;
      return false;
    }
    expanding.add(block);
    diags.enterBlockCall(block.name(), pos);
    return true;
  }

  /**
   * Counts a layer about to be built against {@link Limits#MAX_LAYERS}; false (reported once,
   * at the layer over the limit) past it, or inside a block call once expansion stopped.
   */
  boolean countLayer(SourcePos pos) {
    if (layerLimitReached || !expanding.isEmpty() && stopped) {
      return false;
    }
    if (++layers > Limits.MAX_LAYERS) {
      String what = expanding.isEmpty() ? "this network has" : "block calls bring this network to";
      diags.error(pos, what + " more than " + Limits.MAX_LAYERS
          + " layers, more than one generated class can hold; use fewer layers");
      layerLimitReached = true;
      stopped = true;
      return false;
    }
    return true;
  }
}
