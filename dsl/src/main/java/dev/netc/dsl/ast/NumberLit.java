package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/**
 * A number as written. {@code integral} is true when the text has no '.', no exponent, and fits in
 * a long; {@code text} keeps the spelling for messages.
 */
public record NumberLit(double value, boolean integral, String text, SourcePos pos) implements Expr {}
