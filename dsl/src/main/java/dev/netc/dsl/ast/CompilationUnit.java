package dev.netc.dsl.ast;

import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.util.List;

/** One parsed `.net` file. */
public record CompilationUnit(
    SourceFile source,
    List<ImportDecl> imports,
    List<BlockDecl> blocks,
    List<NetworkDecl> networks,
    SourcePos pos) implements Node {}
