package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** A positional ({@code name == null}) or named argument; {@code pos} is where it starts. */
public record Arg(String name, Expr value, SourcePos pos) implements Node {}
