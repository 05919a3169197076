package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code dense(256, activation: relu)}; {@code pos} is the position of the name. */
public record Call(String name, List<Arg> args, SourcePos pos) implements Expr {}
