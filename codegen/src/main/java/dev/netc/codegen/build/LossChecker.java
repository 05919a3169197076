package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LossCall;
import dev.netc.codegen.ops.LossDef;
import dev.netc.codegen.ops.Losses;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.NetworkDecl;
import java.util.List;

/**
 * Checks the {@code loss} declaration of a network: a known loss, its arguments (resolved against
 * the loss's schema, then checked against the output shape), and warnings when the network's last
 * layer does not fit the loss (a softmax before softmax_cross_entropy).
 */
final class LossChecker {
  private LossChecker() {}

  /** The loss with its arguments, or null after reporting why there is none. */
  static LossCall check(LossDecl decl, NetworkDecl net, Node output, Diagnostics diags) {
    if (decl == null) {
      diags.error(net.namePos(), "network " + net.name()
          + " has no loss; add one such as `loss softmax_cross_entropy;` (losses: "
          + String.join(", ", Losses.all().keySet()) + ")");
      return null;
    }
    Expr e = decl.value();
    NamedCall written = NamedCall.of(e);
    if (written == null) {
      diags.error(e.pos(), "expected a loss name such as softmax_cross_entropy");
      return null;
    }
    String name = written.name();
    List<Arg> args = written.args();
    LossDef loss = Losses.all().get(name);
    if (loss == null) {
      diags.error(e.pos(), "unknown loss '" + name + "'"
          + Suggestions.didYouMeanOrList(name, Losses.all().keySet()));
      return null;
    }
    Args resolved = arguments(loss, args, e.pos(), output, diags);
    if (resolved == null) {
      return null;
    }
    if (output != null && !output.isInput()) {
      String producer = output.opName();
      if (loss.name().equals("softmax_cross_entropy") && producer.equals("softmax")) {
        diags.warning(e.pos(), "softmax_cross_entropy applies softmax itself; remove the softmax at line "
            + output.pos().line() + " so the network outputs logits");
      }
      if (loss.name().equals("kl_divergence") && !producer.equals("log_softmax")) {
        diags.warning(e.pos(), "kl_divergence expects log-probabilities; end the network with log_softmax");
      }
    }
    return new LossCall(loss, resolved);
  }

  /**
   * The loss's written arguments resolved against its schema and checked against the output's
   * shape (when there is an output), or null after reporting at the argument.
   */
  static Args arguments(LossDef loss, List<Arg> written, SourcePos pos, Node output, Diagnostics diags) {
    Args resolved = ArgResolver.resolve(loss.name(), loss.args(), written, pos, diags);
    if (resolved == null || output != null && !loss.check(output.shape(), resolved, diags)) {
      return null;
    }
    return resolved;
  }
}
