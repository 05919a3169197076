package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** A double-quoted string, unescaped. */
public record StringLit(String value, SourcePos pos) implements Expr {}
