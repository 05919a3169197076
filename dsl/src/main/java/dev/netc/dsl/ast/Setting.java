package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/**
 * One entry of a training block: {@code key: value;} or a bare call such as
 * {@code early_stopping(patience: 3);} ({@code key} is null and {@code value} is the Call).
 */
public record Setting(String key, Expr value, SourcePos pos) implements Node {}
