package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/**
 * {@code block name(x, filters) { ... return ...; }}: a reusable sub-graph. {@code namePos} points
 * at the name.
 */
public record BlockDecl(
    String name, SourcePos namePos, List<Ident> params, List<Member> body, SourcePos pos)
    implements Node {}
