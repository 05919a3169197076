package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code block name(x, filters) { ... return ...; }}: a reusable sub-graph. */
public record BlockDecl(String name, List<Ident> params, List<Member> body, SourcePos pos)
    implements Node {}
