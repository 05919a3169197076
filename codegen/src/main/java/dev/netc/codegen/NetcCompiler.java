package dev.netc.codegen;

import com.squareup.javapoet.JavaFile;
import dev.netc.codegen.check.Diagnostics;
import dev.netc.codegen.check.GraphBuilder;
import dev.netc.codegen.emit.ModelEmitter;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.BlockDecl;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.ImportDecl;
import dev.netc.dsl.ast.NetworkDecl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline for one `.net` file: parse, check, build the IR, generate Java. Never throws
 * for bad input: every problem is a diagnostic in the result.
 */
public final class NetcCompiler {

  private NetcCompiler() {}

  private static String where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (StackTraceElement frame : trace) {
      if (frame.getClassName().startsWith("dev.netc")) {
        return frame.toString();
      }
    }
    return trace.length > 0 ? trace[0].toString() : "unknown place";
  }

  /**
   * Compiles {@code source}; generated classes go into {@code javaPackage} ("" for the default
   * package). Sources are returned only when there are no errors.
   */
  public static CompileResult compile(SourceFile source, String javaPackage) {
    Diagnostics diags = new Diagnostics(source);
    try {
      ParseResult parsed = NetParser.parse(source);
      diags.addAll(parsed.diagnostics());
      if (parsed.hasErrors()) {
        return new CompileResult(diags.toList(), List.of());
      }
      CompilationUnit unit = parsed.unit();
      for (ImportDecl i : unit.imports()) {
        diags.error(i.pos(), "import is not supported yet");
      }
      for (BlockDecl b : unit.blocks()) {
        diags.error(b.pos(), "block is not supported yet");
      }
      if (unit.networks().isEmpty()) {
        diags.error(unit.pos(), "no network in this file; declare one with `network Name { ... }`");
      }
      List<Graph> graphs = new ArrayList<>();
      Map<String, SourcePos> names = new HashMap<>();
      for (NetworkDecl net : unit.networks()) {
        SourcePos earlier = names.putIfAbsent(net.name(), net.namePos());
        if (earlier != null) {
          diags.error(net.namePos(), "duplicate network '" + net.name() + "': already declared at line "
              + earlier.line());
          continue;
        }
        int errorsBefore = diags.errorCount();
        Graph graph = new GraphBuilder(diags).build(net);
        if (graph != null) {
          graphs.add(graph);
        } else if (diags.errorCount() == errorsBefore) {
          // never a silent failure: no sources must come with an error saying why (found by fuzzing)
          diags.error(net.namePos(), "internal netc error: network " + net.name()
              + " could not be built but no reason was reported; please report it with this file");
        }
      }
      if (diags.hasErrors()) {
        return new CompileResult(diags.toList(), List.of());
      }
      String fileName = Path.of(source.name()).getFileName().toString();
      List<GeneratedSource> sources = new ArrayList<>();
      for (Graph graph : graphs) {
        JavaFile file = ModelEmitter.emit(graph, javaPackage, fileName);
        sources.add(new GeneratedSource(javaPackage, graph.name(), file.toString()));
      }
      return new CompileResult(diags.toList(), sources);
    } catch (RuntimeException | StackOverflowError e) {
      // a bug in netc must still reach the user as a diagnostic, not a crashed build
      diags.error(new SourcePos(source.name(), 1, 1), "internal netc error: " + e + " at "
          + where(e) + "; please report it with this file");
      return new CompileResult(diags.toList(), List.of());
    }
  }
}
