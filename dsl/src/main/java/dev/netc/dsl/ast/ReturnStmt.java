package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** {@code return expr -> expr;} inside a block. */
public record ReturnStmt(Chain chain, SourcePos pos) implements Member {}
