package dev.netc.dsl.ast;

/** An expression: a call, a name, a literal, a list, or a chain of them joined by {@code ->}. */
public sealed interface Expr extends Node
    permits Call, Ident, NumberLit, StringLit, ListLit, Chain {}
