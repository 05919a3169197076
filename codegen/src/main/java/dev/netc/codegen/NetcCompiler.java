package dev.netc.codegen;

import com.squareup.javapoet.JavaFile;
import dev.netc.codegen.build.BlockTable;
import dev.netc.codegen.build.Blocks;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.emit.ModelEmitter;
import dev.netc.codegen.imports.ImportLoader;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.LoadedFile;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.NetworkDecl;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline for one `.net` file: parse, load its imports, check, build the IR, generate
 * Java. Never throws for bad input: every problem is a diagnostic in the result.
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
   * Compiles {@code source}, which cannot import other files; generated classes go into {@code
   * javaPackage} ("" for the default package). Sources are returned only when there are no errors.
   */
  public static CompileResult compile(SourceFile source, String javaPackage) {
    return compile(source, javaPackage, ImportResolver.NONE);
  }

  /**
   * Compiles {@code source}, whose imports {@code imports} resolves. Imported files lend their
   * blocks; their networks are not generated again (each file generates its own networks when it
   * is compiled itself).
   */
  public static CompileResult compile(SourceFile source, String javaPackage, ImportResolver imports) {
    return compile(source, javaPackage, imports, KernelPolicy.AUTO);
  }

  /**
   * Compiles {@code source} as {@link #compile(SourceFile, String, ImportResolver)} does, with the
   * layers' kernels chosen by {@code kernels}: {@link KernelPolicy#AUTO} lets the cost model
   * decide, the others force one kernel (tests and benchmarks).
   */
  public static CompileResult compile(
      SourceFile source, String javaPackage, ImportResolver imports, KernelPolicy kernels) {
    Diagnostics diags = new Diagnostics(source);
    try {
      ParseResult parsed = NetParser.parse(source);
      diags.addAll(parsed.diagnostics());
      if (parsed.hasErrors()) {
        return new CompileResult(diags.toList(), List.of());
      }
      CompilationUnit unit = parsed.unit();
      List<LoadedFile> files = new ImportLoader(imports, diags).load(unit);
      if (diags.hasErrors()) {
        return new CompileResult(diags.toList(), List.of()); // as for syntax errors: nothing to check
      }
      BlockTable blocks = Blocks.declare(files, diags);
      if (unit.networks().isEmpty() && unit.blocks().isEmpty()) {
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
        GraphBuilder builder = new GraphBuilder(diags, blocks);
        Graph graph = builder.build(net);
        if (graph != null) {
          graphs.add(graph);
        } else if (diags.errorCount() == errorsBefore && !builder.calledBlockWithErrors()) {
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
      List<KernelPlan> plans = new ArrayList<>();
      for (Graph graph : graphs) {
        KernelPlan plan = CostModel.plan(graph, kernels);
        JavaFile file = ModelEmitter.emit(graph, javaPackage, fileName, plan);
        sources.add(new GeneratedSource(javaPackage, graph.name(), file.toString()));
        plans.add(plan);
      }
      return new CompileResult(diags.toList(), sources, plans);
    } catch (RuntimeException | StackOverflowError e) {
      // a bug in netc must still reach the user as a diagnostic, not a crashed build
      diags.error(new SourcePos(source.name(), 1, 1), "internal netc error: " + e + " at "
          + where(e) + "; please report it with this file");
      return new CompileResult(diags.toList(), List.of());
    }
  }
}
