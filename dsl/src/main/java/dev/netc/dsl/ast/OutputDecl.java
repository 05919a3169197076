package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code output logits;} */
public record OutputDecl(List<Ident> names, SourcePos pos) implements Member {}
