package dev.netc.codegen.build;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The blocks one file can call by name: its own and those of the files it imports directly. */
public final class BlockTable {
  public static final BlockTable EMPTY = new BlockTable(Map.of());

  private final Map<String, Block> blocks;

  BlockTable(Map<String, Block> blocks) {
    this.blocks = Collections.unmodifiableMap(new LinkedHashMap<>(blocks));
  }

  /** The block called {@code name}, or null. */
  public Block get(String name) {
    return blocks.get(name);
  }

  public Set<String> names() {
    return blocks.keySet();
  }
}
