package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** {@code loss softmax_cross_entropy;} or {@code loss mse(reduction: mean);}: an Ident or a Call. */
public record LossDecl(Expr value, SourcePos pos) implements Member {}
