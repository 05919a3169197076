package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/**
 * {@code a -> b(1) -> c}: each stage takes the previous stage's value as its first input. A
 * single expression is a chain of one stage.
 */
public record Chain(List<Expr> stages, SourcePos pos) implements Expr {}
