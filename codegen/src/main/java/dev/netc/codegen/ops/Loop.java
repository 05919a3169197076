package dev.netc.codegen.ops;

/**
 * A counted loop opened by {@link LayerCode#beginLoop}: its variable as an {@link Index} to build
 * the body's indices from, and whether a {@code for} was written at all (a loop of one iteration
 * is not: its variable is replaced by the start value). Close it with {@link LayerCode#end(Loop)}.
 */
public record Loop(Index index, boolean open) {}
