package dev.netc.codegen.testing;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.build.BlockTable;
import dev.netc.codegen.build.Blocks;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.imports.ImportLoader;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.LoadedFile;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.ast.NetworkDecl;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.stream.Collectors;

/**
 * The catalogue ops and losses a `.net` file's networks use, read from their checked graphs (the
 * same parser, import loader, blocks and graph builder as {@code NetcCompiler}), not from the text:
 * a block call or a wrapper such as {@code bidirectional(gru(3))} counts as the ops it expands to.
 *
 * <p>{@link Nets} records the ops of every model class it loads ({@link #ofModel}), so that
 * {@link GradCheck} can tell which ops a finite-difference check went through.
 */
public record NetworkOps(Set<String> ops, Set<String> losses) {
  private static final Map<Class<?>, NetworkOps> BY_CLASS = Collections.synchronizedMap(new WeakHashMap<>());

  public NetworkOps {
    ops = Collections.unmodifiableSet(new TreeSet<>(ops));
    losses = Collections.unmodifiableSet(new TreeSet<>(losses));
  }

  /** The ops and losses of every network in {@code source}; fails on any error. */
  public static NetworkOps of(String fileName, String source, ImportResolver imports) {
    SourceFile file = new SourceFile(fileName, source);
    Diagnostics diags = new Diagnostics(file);
    ParseResult parsed = NetParser.parse(file);
    if (parsed.hasErrors()) {
      throw new AssertionError(fileName + " does not parse:\n" + format(parsed.diagnostics()));
    }
    List<LoadedFile> files = new ImportLoader(imports, diags).load(parsed.unit());
    BlockTable blocks = Blocks.declare(files, diags);
    Set<String> ops = new TreeSet<>();
    Set<String> losses = new TreeSet<>();
    for (NetworkDecl net : parsed.unit().networks()) {
      Graph graph = new GraphBuilder(diags, blocks).build(net);
      if (graph == null || diags.hasErrors()) {
        throw new AssertionError(fileName + ": network " + net.name() + " has errors:\n" + format(diags.toList()));
      }
      for (Node node : graph.nodes()) {
        if (!node.isInput()) {
          ops.add(node.opName());
        }
      }
      for (Output output : graph.outputs()) {
        losses.add(output.loss().name());
      }
    }
    return new NetworkOps(ops, losses);
  }

  /** {@link #of(String, String, ImportResolver)} without imports. */
  public static NetworkOps of(String source) {
    return of("Test.net", source, ImportResolver.NONE);
  }

  /** Remembers the ops of a loaded generated class (weakly: classes of discarded loaders go). */
  static void register(Class<?> modelClass, NetworkOps ops) {
    BY_CLASS.put(modelClass, ops);
  }

  /** The ops of a model loaded through {@link Nets}, or null for a class compiled some other way. */
  public static NetworkOps ofModel(Object model) {
    return BY_CLASS.get(model.getClass());
  }

  private static String format(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }
}
