package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** A bare identifier: a value name, an enum-like argument ({@code relu}) or an op with no args. */
public record Ident(String name, SourcePos pos) implements Expr {}
