package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.dsl.ast.NetworkDecl;
import java.util.List;

/**
 * Turns one checked-for-syntax network declaration into the IR: resolves ops and arguments,
 * infers shapes, and reports every semantic problem at its line:column. Returns null when there
 * were errors; it keeps going after an error to report as many as it can.
 *
 * <p>The steps, in order: {@link NetworkMembers} walks the members, building inputs ({@link
 * Inputs}) and value statements ({@link Stages}, which applies ops with {@link OpCalls} and
 * expands blocks with {@link BlockCalls}); then {@link NetworkOutput}, {@link LossChecker},
 * {@link OptimizerChecker}, {@link TrainingChecker}, and last {@link JavaNameClashes}.
 */
public final class GraphBuilder {
  private final Diagnostics diags;
  private final BlockTable blocks;
  private boolean calledBlockWithErrors;

  public GraphBuilder(Diagnostics diags) {
    this(diags, BlockTable.EMPTY);
  }

  /** A builder whose networks can call {@code blocks}. */
  public GraphBuilder(Diagnostics diags, BlockTable blocks) {
    this.diags = diags;
    this.blocks = blocks;
  }

  /**
   * Whether the last {@link #build} failed (also) because it called a block whose errors were
   * reported at the block's declaration rather than in this network.
   */
  public boolean calledBlockWithErrors() {
    return calledBlockWithErrors;
  }

  /** The checked network, or null after reporting its errors. */
  public Graph build(NetworkDecl net) {
    int errorsBefore = diags.errorCount();
    Names.checkTypeName(net.name(), net.namePos(), diags);
    NetworkContext ctx = new NetworkContext(diags, blocks);
    NetworkMembers members = NetworkMembers.collect(net, ctx, new Stages(ctx));
    List<Node> outputs = NetworkOutput.resolve(net, members, ctx);
    List<Output> scored = LossChecker.check(members.losses, net, outputs,
        members.outputs.isEmpty() ? null : members.outputs.get(0).pos(), ctx);
    OptimizerChecker.Result opt = OptimizerChecker.check(members.optimizer, diags);
    TrainingChecker.Result training = TrainingChecker.check(members.training, diags);
    calledBlockWithErrors = ctx.calledBlockWithErrors;
    if (diags.errorCount() > errorsBefore || calledBlockWithErrors || outputs == null || scored == null) {
      return null;
    }
    if (!DeadValues.check(ctx.nodes, outputs, diags)) {
      return null;
    }
    if (!JavaNameClashes.check(ctx.nodes, ctx.network, diags)) {
      return null;
    }
    return new Graph(net.name(), List.copyOf(ctx.nodes), List.copyOf(scored), opt.name(), opt.args(),
        training.batch(), training.epochs(), training.seed(), net.pos());
  }
}
