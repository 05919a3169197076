package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code [3, 3]}: for arguments such as kernel sizes. */
public record ListLit(List<Expr> elements, SourcePos pos) implements Expr {}
