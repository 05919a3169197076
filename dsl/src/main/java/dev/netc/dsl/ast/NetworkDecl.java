package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code network Name { members }}; {@code namePos} points at the name. */
public record NetworkDecl(String name, SourcePos namePos, List<Member> members, SourcePos pos)
    implements Node {}
