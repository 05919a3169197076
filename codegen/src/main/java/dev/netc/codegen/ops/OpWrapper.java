package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.dsl.ast.Call;

/**
 * A name that takes an op call and stands for that op with a setting added, as {@code
 * bidirectional(gru(64))} stands for {@code gru(64, bidirectional: true)}: no layer of its own, so
 * the wrapped op's schema, shape rule and code serve it unchanged. Registered in {@link
 * OpCatalogue} beside the ops.
 */
public interface OpWrapper {

  String name();

  /** One line for the catalogue listing and error hints. */
  String doc();

  /**
   * The wrapped call with the wrapper's settings added as named arguments, or null after
   * reporting at the argument's position why the call cannot be unwrapped.
   */
  Call unwrap(Call call, Diagnostics diags);

  /** Whether {@code op} (the wrapped call's op, once resolved) can be wrapped. */
  boolean wraps(Op op);

  /** What can be wrapped, for messages: "rnn, lstm or gru". */
  String wrappable();
}
