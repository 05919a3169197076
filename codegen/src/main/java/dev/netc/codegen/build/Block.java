package dev.netc.codegen.build;

import dev.netc.dsl.ast.BlockDecl;

/**
 * A declared block. Its body is resolved where it was declared: it calls the blocks visible in
 * its own file ({@link #home()}), never those of the file that calls it.
 */
public final class Block {
  private final BlockDecl decl;
  private BlockTable home = BlockTable.EMPTY;
  private boolean valid = true;

  Block(BlockDecl decl) {
    this.decl = decl;
  }

  public BlockDecl decl() {
    return decl;
  }

  public String name() {
    return decl.name();
  }

  /** The blocks the body can call. */
  BlockTable home() {
    return home;
  }

  void setHome(BlockTable home) {
    this.home = home;
  }

  /** False once an error was reported in the declaration: calls then fail without a cascade. */
  boolean valid() {
    return valid;
  }

  void invalidate() {
    valid = false;
  }

  @Override
  public String toString() {
    return "block " + decl.name() + " at " + decl.namePos();
  }
}
