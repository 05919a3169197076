package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/** {@code import "blocks.net";} with the unquoted path. */
public record ImportDecl(String path, SourcePos pos) implements Node {}
