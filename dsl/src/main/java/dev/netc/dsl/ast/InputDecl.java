package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/**
 * {@code input image: float[28, 28];}. The batch dimension is implicit. {@code elementType} is the
 * identifier as written ("float", "int"); the checker validates it.
 */
public record InputDecl(
    String name, String elementType, SourcePos typePos, List<Integer> dims, SourcePos pos)
    implements Member {}
