package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/**
 * {@code name = a -> b -> c;} or a bare {@code a -> b;} ({@code name} is null) which chains from
 * the previous value. {@code pos} is the start of the statement.
 */
public record ValueStmt(String name, SourcePos namePos, Chain chain, SourcePos pos)
    implements Member {}
