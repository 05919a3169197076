package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** Every AST node knows where it came from. */
public interface Node {
  /** {@return where the node starts in its source} */
  SourcePos pos();
}
