package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** {@code optimizer adam(lr: 0.001);}: an Ident or a Call. */
public record OptimizerDecl(Expr value, SourcePos pos) implements Member {}
