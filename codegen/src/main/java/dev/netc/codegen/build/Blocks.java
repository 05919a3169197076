package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Names;

import dev.netc.codegen.imports.LoadedFile;
import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.BlockDecl;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.ValueStmt;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Declares the blocks of a compilation. A file sees its own blocks and those of the files it
 * imports directly, not what those import in turn, so a block name always means the block its
 * file can see. Every block is checked once ({@link BlockChecker}), and recursion, which could
 * never be expanded, is reported with the chain of calls.
 */
public final class Blocks {
  private Blocks() {}

  /** Declares and checks the blocks of {@code files} (main file first); returns the main file's. */
  public static BlockTable declare(List<LoadedFile> files, Diagnostics diags) {
    Map<LoadedFile, Map<String, Block>> own = new IdentityHashMap<>();
    for (LoadedFile file : files) {
      own.put(file, ownBlocks(file, diags));
    }
    Map<LoadedFile, BlockTable> visible = new IdentityHashMap<>();
    for (LoadedFile file : files) {
      BlockTable table = visible(file, own, diags);
      visible.put(file, table);
      own.get(file).values().forEach(b -> b.setHome(table));
    }
    for (LoadedFile file : files) {
      own.get(file).values().forEach(b -> BlockChecker.check(b, diags));
      rejectRecursion(own.get(file).values(), diags);
    }
    return visible.get(files.get(0));
  }

  private static Map<String, Block> ownBlocks(LoadedFile file, Diagnostics diags) {
    Map<String, Block> blocks = new LinkedHashMap<>();
    for (BlockDecl decl : file.unit().blocks()) {
      if (!Names.checkValueName(decl.name(), decl.namePos(), diags)) {
        continue;
      }
      if (OpCatalogue.get(decl.name()) != null || OpCatalogue.wrapper(decl.name()) != null) {
        diags.error(decl.namePos(), "block name '" + decl.name() + "' is already an op; choose another name");
        continue;
      }
      Block earlier = blocks.get(decl.name());
      if (earlier != null) {
        diags.error(decl.namePos(), "duplicate block '" + decl.name() + "': already declared at line "
            + earlier.decl().namePos().line());
        continue;
      }
      blocks.put(decl.name(), new Block(decl));
    }
    return blocks;
  }

  /** The file's own blocks plus those of its direct imports; two blocks of one name clash. */
  private static BlockTable visible(
      LoadedFile file, Map<LoadedFile, Map<String, Block>> own, Diagnostics diags) {
    Map<String, Block> mine = own.get(file);
    Map<String, Block> table = new LinkedHashMap<>(mine);
    Map<Block, LoadedFile.Import> importedBy = new IdentityHashMap<>();
    for (LoadedFile.Import imported : file.imports()) {
      for (Block b : own.get(imported.file()).values()) {
        Block present = table.putIfAbsent(b.name(), b);
        if (present == null) {
          importedBy.put(b, imported);
        } else if (present != b && mine.get(b.name()) == present) {
          diags.error(present.decl().namePos(), "block '" + b.name() + "' is also declared in "
              + quote(imported) + " (line " + b.decl().namePos().line()
              + "), which this file imports; rename one");
        } else if (present != b) {
          diags.error(imported.decl().pathPos(), "block '" + b.name() + "' of " + quote(imported)
              + " clashes with the block of that name in " + quote(importedBy.get(present))
              + "; rename one");
        }
      }
    }
    return new BlockTable(table);
  }

  private static String quote(LoadedFile.Import imported) {
    return "\"" + imported.decl().path() + "\"";
  }

  /** A call of a block in the body of another, where it is written. */
  private record Edge(Block callee, SourcePos at) {}

  /**
   * Finds cycles of calls among one file's blocks (blocks of imported files cannot call back:
   * imports have no cycles) without recursion, so a long chain of blocks cannot overflow the stack.
   */
  private static void rejectRecursion(Collection<Block> blocks, Diagnostics diags) {
    Set<Block> candidates = new HashSet<>(blocks); // Block has identity equality
    Map<Block, List<Edge>> edges = new IdentityHashMap<>();
    for (Block b : blocks) {
      edges.put(b, calls(b, candidates));
    }
    Map<Block, Integer> state = new IdentityHashMap<>(); // absent: new, 1: on the path, 2: done
    for (Block start : blocks) {
      if (state.containsKey(start)) {
        continue;
      }
      List<Block> path = new ArrayList<>(List.of(start));
      List<Integer> next = new ArrayList<>(List.of(0));
      state.put(start, 1);
      while (!path.isEmpty()) {
        int top = path.size() - 1;
        Block b = path.get(top);
        List<Edge> out = edges.get(b);
        if (next.get(top) == out.size()) {
          state.put(b, 2);
          path.remove(top);
          next.remove(top);
          continue;
        }
        Edge e = out.get(next.get(top));
        next.set(top, next.get(top) + 1);
        Integer s = state.get(e.callee());
        if (s == null) {
          state.put(e.callee(), 1);
          path.add(e.callee());
          next.add(0);
        } else if (s == 1) {
          List<Block> cycle = path.subList(path.indexOf(e.callee()), path.size());
          List<String> names = new ArrayList<>(cycle.stream().map(Block::name).toList());
          names.add(e.callee().name());
          diags.error(e.at(), "recursive block: " + String.join(" -> ", names)
              + "; a block cannot call itself, directly or through other blocks");
          cycle.forEach(Block::invalidate);
        }
      }
    }
  }

  private static boolean isParameter(Block b, String name) {
    return b.decl().params().stream().anyMatch(p -> p.name().equals(name));
  }

  /** The calls in {@code b}'s body of blocks among {@code candidates}, in order. */
  private static List<Edge> calls(Block b, Set<Block> candidates) {
    Set<String> shadowing = new HashSet<>();
    b.decl().params().forEach(p -> shadowing.add(p.name()));
    List<Edge> out = new ArrayList<>();
    for (Member m : b.decl().body()) {
      List<Expr> stages = m instanceof ValueStmt v ? v.chain().stages()
          : m instanceof ReturnStmt r ? r.chain().stages() : List.of();
      for (Expr stage : stages) {
        Block callee = null;
        if (stage instanceof Call call && !isParameter(b, call.name())) {
          callee = b.home().get(call.name());
        } else if (stage instanceof Ident id && !shadowing.contains(id.name())) {
          callee = b.home().get(id.name());
        }
        if (callee != null && candidates.contains(callee)) {
          out.add(new Edge(callee, stage.pos()));
        }
      }
      if (m instanceof ValueStmt v && v.name() != null) {
        shadowing.add(v.name()); // a value of that name is meant from here on
      }
    }
    return out;
  }
}
