package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;

/**
 * {@code import "blocks.net";} with the unquoted path; {@code pathPos} points at the string, where
 * problems with the path are reported.
 */
public record ImportDecl(String path, SourcePos pathPos, SourcePos pos) implements Node {}
