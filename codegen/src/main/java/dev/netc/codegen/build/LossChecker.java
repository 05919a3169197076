package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LossDef;
import dev.netc.codegen.ops.Losses;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.NumberLit;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the {@code loss} declarations of a network and pairs each with its output: {@code loss
 * softmax_cross_entropy;} scores the only output, {@code loss softmax_cross_entropy(aux, weight:
 * 0.1);} names the output it scores and its weight in the total. Every output needs exactly one
 * loss. Warns when an output does not fit its loss (a softmax before softmax_cross_entropy).
 */
final class LossChecker {
  private LossChecker() {}

  /** One written loss before pairing: which output it names (or null), its weight and arguments. */
  private record Written(LossDecl decl, LossDef loss, Ident value, Node node, double weight, Args args) {}

  /**
   * The outputs with their losses, in output order, or null after reporting why there are none;
   * {@code outputsAt} is the output statement (null when the last value is the output).
   */
  static List<Output> check(List<LossDecl> decls, NetworkDecl net, List<Node> outputs, SourcePos outputsAt,
      NetworkContext ctx) {
    Diagnostics diags = ctx.diags;
    if (decls.isEmpty()) {
      diags.error(net.namePos(), "network " + net.name()
          + " has no loss; add one such as `loss softmax_cross_entropy;` (losses: "
          + String.join(", ", Losses.all().keySet()) + ")");
      return null;
    }
    List<Written> written = new ArrayList<>();
    boolean ok = true;
    for (LossDecl decl : decls) {
      Written w = read(decl, ctx);
      ok &= w != null;
      if (w != null) {
        written.add(w);
      }
    }
    if (!ok || outputs == null) {
      return null;
    }
    Map<Node, Written> byOutput = new IdentityHashMap<>();
    for (Written w : written) {
      Node target = w.node;
      if (target == null) {
        if (outputs.size() > 1) {
          diags.error(w.decl.value().pos(), "network " + net.name() + " has " + outputs.size() + " outputs ("
              + names(outputs) + "): name the output this loss scores, e.g. loss " + w.loss.name() + "("
              + outputs.get(0).name() + ");");
          ok = false;
          continue;
        }
        target = outputs.get(0);
      } else if (!contains(outputs, target)) {
        diags.error(w.value.pos(), "loss " + w.loss.name() + " scores '" + w.value.name()
            + "', which is not an output of network " + net.name() + "; add it to the outputs: output "
            + names(outputs) + ", " + w.value.name() + ";");
        ok = false;
        continue;
      }
      Written earlier = byOutput.putIfAbsent(target, w);
      if (earlier != null) {
        diags.error(w.decl.pos(), "output " + target.name() + " already has a loss (line "
            + earlier.decl.pos().line() + "); one loss per output");
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    List<Output> result = new ArrayList<>();
    for (Node out : outputs) {
      Written w = byOutput.get(out);
      if (w == null) {
        diags.error(outputsAt != null ? outputsAt : decls.get(0).pos(), "output " + out.name() + " has no loss; add one such as `loss mse("
            + out.name() + ");` (every output is scored by its own loss)");
        ok = false;
        continue;
      }
      warnIfMisfit(w, out, diags);
      result.add(new Output(out, w.loss, w.args, w.weight, w.decl.pos()));
    }
    return ok ? result : null;
  }

  /** A loss declaration's name, value, weight and arguments, or null after reporting what is wrong. */
  private static Written read(LossDecl decl, NetworkContext ctx) {
    Diagnostics diags = ctx.diags;
    Expr e = decl.value();
    NamedCall call = NamedCall.of(e);
    if (call == null) {
      diags.error(e.pos(), "expected a loss name such as softmax_cross_entropy");
      return null;
    }
    LossDef loss = Losses.all().get(call.name());
    if (loss == null) {
      diags.error(e.pos(), "unknown loss '" + call.name() + "'"
          + Suggestions.didYouMeanOrList(call.name(), Losses.all().keySet()));
      return null;
    }
    List<Arg> args = new ArrayList<>(call.args());
    Ident value = null;
    Node node = null;
    if (!args.isEmpty() && args.get(0).name() == null && args.get(0).value() instanceof Ident id) {
      value = id;
      node = ctx.network.values.get(id.name());
      if (node == null) {
        if (!ctx.network.definedAt.containsKey(id.name())) {
          diags.error(id.pos(), "loss " + loss.name() + ": unknown value '" + id.name() + "'"
              + Suggestions.didYouMean(id.name(), ctx.network.definedAt.keySet()));
        }
        return null;
      }
      args.remove(0);
    }
    double weight = 1.0;
    for (Arg a : List.copyOf(args)) {
      if ("weight".equals(a.name())) {
        Double w = a.value() instanceof NumberLit n ? n.value() : null;
        if (w == null || !(w > 0) || w.isInfinite()) {
          diags.error(a.value().pos(), "loss " + loss.name() + ": weight must be a positive number, got "
              + ArgResolver.show(a.value()));
          return null;
        }
        weight = w;
        args.remove(a);
      }
    }
    Args resolved = ArgResolver.resolve(loss.name(), List.<ArgSpec>of(), args, e.pos(), diags);
    if (resolved == null) {
      return null;
    }
    return new Written(decl, loss, value, node, weight, resolved);
  }

  private static void warnIfMisfit(Written w, Node output, Diagnostics diags) {
    SourcePos at = w.decl.value().pos();
    String producer = output.opName();
    if (w.loss.name().equals("softmax_cross_entropy") && producer.equals("softmax")) {
      diags.warning(at, "softmax_cross_entropy applies softmax itself; remove the softmax at line "
          + output.pos().line() + " so the network outputs logits");
    }
    if (w.loss.name().equals("kl_divergence") && !producer.equals("log_softmax")) {
      diags.warning(at, "kl_divergence expects log-probabilities; end the network with log_softmax");
    }
  }

  private static boolean contains(List<Node> nodes, Node node) {
    return nodes.stream().anyMatch(n -> n == node);
  }

  private static String names(List<Node> nodes) {
    return String.join(", ", nodes.stream().map(Node::name).toList());
  }
}
