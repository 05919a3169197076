package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code bidirectional(gru(64, sequences: true), merge: concat)}: the wrapped recurrent layer with
 * {@code bidirectional: true} (and the wrapper's {@code merge}) added to its arguments, so it is the
 * same layer as {@code gru(64, sequences: true, bidirectional: true, merge: concat)}, named and
 * laid out as a gru. An explicit input may be written first, {@code bidirectional(seq,
 * gru(64))}, as for any op.
 */
public final class Bidirectional implements OpWrapper {

  @Override
  public String name() {
    return "bidirectional";
  }

  @Override
  public String doc() {
    return "both directions of a recurrent layer: bidirectional(gru(64), merge: concat | add)";
  }

  @Override
  public String wrappable() {
    return "rnn, lstm or gru";
  }

  @Override
  public boolean wraps(Op op) {
    return op instanceof RecurrentOp;
  }

  @Override
  public Call unwrap(Call call, Diagnostics diags) {
    List<Arg> args = call.args();
    Ident input = null;
    Call layer = null;
    Arg merge = null;
    boolean ok = true;
    for (int i = 0; i < args.size(); i++) {
      Arg arg = args.get(i);
      Expr value = arg.value();
      if (arg.name() == null && i == 0 && value instanceof Ident id && args.size() > 1
          && args.get(1).name() == null) {
        input = id; // bidirectional(seq, gru(64)): the input, then the layer
      } else if ((arg.name() == null && layer == null && merge == null) || "layer".equals(arg.name())) {
        if (layer != null) {
          diags.error(arg.pos(), "bidirectional: argument 'layer' given twice");
          ok = false;
        } else if (value instanceof Call c) {
          layer = c;
        } else {
          diags.error(value == null ? arg.pos() : value.pos(), "bidirectional: expects the layer to wrap, "
              + wrappable() + ", such as bidirectional(gru(64)); got "
              + (value == null ? "nothing" : ArgResolver.show(value)));
          return null;
        }
      } else if ((arg.name() == null && merge == null) || "merge".equals(arg.name())) {
        if (merge != null) {
          diags.error(arg.pos(), "bidirectional: argument 'merge' given twice");
          ok = false;
        }
        merge = arg;
      } else if (arg.name() == null) {
        diags.error(arg.pos(), "bidirectional: too many arguments; it takes the layer to wrap and merge");
        ok = false;
      } else {
        diags.error(arg.pos(), "bidirectional: unknown argument '" + arg.name() + "'; it takes layer, merge");
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    if (layer == null) {
      diags.error(call.pos(), "bidirectional: missing the layer to wrap, " + wrappable()
          + ", such as bidirectional(gru(64))");
      return null;
    }
    for (Arg inner : layer.args()) {
      if ("bidirectional".equals(inner.name())) {
        diags.error(inner.pos(), "bidirectional: " + layer.name() + " is already given bidirectional here;"
            + " write it once, either way");
        return null;
      }
      if (merge != null && "merge".equals(inner.name())) {
        diags.error(inner.pos(), "bidirectional: merge is given to both bidirectional and " + layer.name()
            + "; write it once");
        return null;
      }
    }
    List<Arg> unwrapped = new ArrayList<>();
    if (input != null) {
      unwrapped.add(new Arg(null, input, input.pos()));
    }
    unwrapped.addAll(layer.args());
    SourcePos at = call.pos();
    unwrapped.add(new Arg("bidirectional", new Ident("true", at), at));
    if (merge != null) {
      unwrapped.add(new Arg("merge", merge.value(), merge.pos()));
    }
    return new Call(layer.name(), unwrapped, layer.pos());
  }
}
