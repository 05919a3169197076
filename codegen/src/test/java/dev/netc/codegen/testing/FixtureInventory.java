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
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * What the PyTorch reference fixtures exercise, read from the networks themselves: every fixture
 * ({@link NetFixture#all()}, every area under {@code /fixtures/net}; all of netc's op and loss
 * fixtures share that one format) carries its network's {@code .net} source, which this class
 * compiles to a {@link Graph}. The ops and losses covered are the names of the graph nodes' ops
 * and of the outputs' losses, as {@code OpCatalogue} and {@code Losses} spell them: no text
 * matching, so a fixture counts for {@code bidirectional(gru(4))} as {@code gru}, for a block's
 * body as the ops inside it, and not at all for an op merely named in a comment.
 *
 * <p>Loading a fixture checks its provenance ({@link NetFixture#checkProvenance}); a fixture whose
 * network does not compile fails here with netc's diagnostics. The graphs are built once per JVM.
 */
public final class FixtureInventory {
  private FixtureInventory() {}

  private static Map<String, List<Graph>> graphs;

  /** The op names (catalogue names) of every node of every fixture network. */
  public static Set<String> opsCovered() {
    Set<String> ops = new TreeSet<>();
    graphs().values().forEach(gs -> gs.forEach(g -> g.nodes().stream().filter(n -> !n.isInput())
        .forEach(n -> ops.add(n.opName()))));
    return Collections.unmodifiableSet(ops);
  }

  /** The loss names (catalogue names) of every output of every fixture network. */
  public static Set<String> lossesCovered() {
    Set<String> losses = new TreeSet<>();
    graphs().values().forEach(gs -> gs.forEach(g -> g.outputs().forEach(o -> losses.add(o.loss().name()))));
    return Collections.unmodifiableSet(losses);
  }

  /**
   * Every fixture's checked networks, by the fixture's path under {@code /fixtures/net}: for
   * questions finer than names, such as which activations dense layers were checked with.
   */
  public static synchronized Map<String, List<Graph>> graphs() {
    if (graphs == null) {
      Map<String, List<Graph>> all = new LinkedHashMap<>();
      NetFixture.all().forEach(file -> all.put(file, compile(file, NetFixture.load(file).source())));
      graphs = Collections.unmodifiableMap(all);
    }
    return graphs;
  }

  /** The nodes of every fixture network that apply op {@code op}. */
  public static List<Node> nodesOf(String op) {
    return graphs().values().stream().flatMap(List::stream).flatMap(g -> g.nodes().stream())
        .filter(n -> !n.isInput() && n.opName().equals(op)).toList();
  }

  /** The outputs of every fixture network scored with loss {@code loss}. */
  public static List<Output> outputsWith(String loss) {
    return graphs().values().stream().flatMap(List::stream).flatMap(g -> g.outputs().stream())
        .filter(o -> o.loss().name().equals(loss)).toList();
  }

  /** Parses, loads imports (the bundled library), declares blocks and builds every network. */
  private static List<Graph> compile(String file, String source) {
    SourceFile text = new SourceFile(file, source);
    Diagnostics diags = new Diagnostics(text);
    ParseResult parsed = NetParser.parse(text);
    diags.addAll(parsed.diagnostics());
    List<Graph> out = new ArrayList<>();
    if (!parsed.hasErrors()) {
      List<LoadedFile> files = new ImportLoader(ImportResolver.NONE, diags).load(parsed.unit());
      BlockTable blocks = Blocks.declare(files, diags);
      for (NetworkDecl net : parsed.unit().networks()) {
        Graph g = new GraphBuilder(diags, blocks).build(net);
        if (g != null) {
          out.add(g);
        }
      }
    }
    if (diags.hasErrors() || out.isEmpty()) {
      throw new AssertionError("fixture " + file + ": its network does not compile:\n"
          + diags.toList().stream().map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
    return out;
  }
}
