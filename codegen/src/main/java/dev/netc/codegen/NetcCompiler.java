package dev.netc.codegen;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.FileSizeLimit;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.build.BlockTable;
import dev.netc.codegen.build.Blocks;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.emit.ModelEmitter;
import dev.netc.codegen.imports.ImportLoader;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.LoadedFile;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.GradientPlan;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.Diagnostic;
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
import java.util.function.Supplier;

/**
 * The back end of netc, shared by every front end: from the AST it checks the network and builds
 * the IR, plans kernels and gradients, and generates Java through {@link SourceFileGenerator}. The
 * Maven plugin hands it {@code .net} files ({@link #compile(SourceFile, String, ImportResolver)}),
 * the annotation processor the networks it reads from annotated types ({@link
 * #compile(NetworkSource, String)}). Never throws for bad input, nor for a bug of its own: every
 * problem is a diagnostic in the result.
 */
public final class NetcCompiler {

  private NetcCompiler() {}

  /**
   * Compiles {@code source}, which cannot import other files; generated classes go into {@code
   * javaPackage} ("" for the default package). Sources are returned only when there are no errors.
   * @param source the .net text and its name
   * @param javaPackage the package of the generated classes
   * @return the diagnostics and, without errors, the generated sources
   */
  public static CompileResult compile(SourceFile source, String javaPackage) {
    return compile(source, javaPackage, ImportResolver.NONE);
  }

  /**
   * Compiles {@code source}, whose imports {@code imports} resolves. Imported files lend their
   * blocks; their networks are not generated again (each file generates its own networks when it
   * is compiled itself).
   * @param source the .net text and its name
   * @param javaPackage the package of the generated classes
   * @param imports reads the files {@code source} imports
   * @return the diagnostics and, without errors, the generated sources
   */
  public static CompileResult compile(SourceFile source, String javaPackage, ImportResolver imports) {
    return compile(source, javaPackage, imports, KernelPolicy.AUTO);
  }

  /**
   * Compiles {@code source} as {@link #compile(SourceFile, String, ImportResolver)} does, with the
   * layers' kernels chosen by {@code kernels}: {@link KernelPolicy#AUTO} lets the cost model
   * decide, the others force one kernel (tests and benchmarks).
   * @param source the .net text and its name
   * @param javaPackage the package of the generated classes
   * @param imports reads the files {@code source} imports
   * @param kernels how the layers' kernels are chosen
   * @return the diagnostics and, without errors, the generated sources
   */
  public static CompileResult compile(
      SourceFile source, String javaPackage, ImportResolver imports, KernelPolicy kernels) {
    Diagnostics diags = new Diagnostics(source);
    return guarded(diags, source.name(), () -> compileFile(source, javaPackage, imports, kernels, diags),
        () -> new CompileResult(diags.toList(), List.of()));
  }

  /**
   * Checks {@code source} as {@link #compile(SourceFile, String, ImportResolver)} does and returns
   * its checked networks instead of Java: for tools that look at a network (the command line's
   * {@code check}, {@code summary} and drawing) rather than generate it. Never throws, like
   * compile.
   * @param source the .net text and its name
   * @param imports reads the files {@code source} imports
   * @return the diagnostics and, without errors, one graph per network in declaration order
   */
  public static CheckResult check(SourceFile source, ImportResolver imports) {
    Diagnostics diags = new Diagnostics(source);
    return guarded(diags, source.name(), () -> {
      List<Graph> graphs = checkFile(source, imports, diags);
      return new CheckResult(diags.toList(), graphs == null || diags.hasErrors() ? List.of() : graphs);
    }, () -> new CheckResult(diags.toList(), List.of()));
  }

  /**
   * The table {@code Model.summary()} of {@code graph}'s generated class returns: per layer its
   * op, output shape, parameters, FLOPs and the kernel the cost model picks, then the totals.
   * @param graph a checked network, from {@link #check}
   * @return the table, one line per layer and the totals
   */
  public static String summary(Graph graph) {
    return ModelEmitter.summary(graph, CostModel.plan(graph, KernelPolicy.AUTO));
  }

  /**
   * Compiles the one network {@code source} reads, with the kernels the cost model picks; its
   * class goes into {@code javaPackage}. Nothing is returned when the reader returns null.
   * @param source reads the network from another front end
   * @param javaPackage the package of the generated class
   * @return the diagnostics and, without errors, the generated source
   */
  public static CompileResult compile(NetworkSource source, String javaPackage) {
    return compile(source, javaPackage, KernelPolicy.AUTO);
  }

  /**
   * Compiles the network {@code source} reads as {@link #compile(NetworkSource, String)}, with {@code kernels}.
   * @param source reads the network from another front end
   * @param javaPackage the package of the generated class
   * @param kernels how the layers' kernels are chosen
   * @return the diagnostics and, without errors, the generated source
   */
  public static CompileResult compile(NetworkSource source, String javaPackage, KernelPolicy kernels) {
    Diagnostics diags = new Diagnostics(new SourceFile(source.origin(), ""));
    return guarded(diags, source.origin(), () -> {
      NetworkDecl network = source.reader().get();
      if (network == null) {
        return new CompileResult(diags.toList(), List.of());
      }
      Graph graph = build(network, new GraphBuilder(diags), diags);
      if (graph == null || diags.hasErrors()) {
        return new CompileResult(diags.toList(), List.of());
      }
      return generate(List.of(graph), javaPackage, source.fileName(), kernels, diags);
    }, () -> new CompileResult(diags.toList(), List.of()));
  }

  private static CompileResult compileFile(SourceFile source, String javaPackage, ImportResolver imports,
      KernelPolicy kernels, Diagnostics diags) {
    String packageProblem = FileSizeLimit.allows(FileSizeLimit.utf8Bytes(source.text()))
        ? Names.packageProblem(javaPackage) : null;
    if (packageProblem != null) {
      fileError(diags, source, "cannot generate into package '" + Names.visible(javaPackage) + "': "
          + packageProblem + "; choose another package");
      return new CompileResult(diags.toList(), List.of());
    }
    List<Graph> graphs = checkFile(source, imports, diags);
    if (graphs == null || diags.hasErrors()) {
      return new CompileResult(diags.toList(), List.of());
    }
    String fileName = Path.of(source.name()).getFileName().toString();
    return generate(graphs, javaPackage, fileName, kernels, diags);
  }

  /**
   * Parses {@code source}, loads its imports and builds a graph per network; null when it stopped
   * early (too large, syntax errors, imports that failed), with the reasons in {@code diags}.
   */
  private static List<Graph> checkFile(SourceFile source, ImportResolver imports, Diagnostics diags) {
    long bytes = FileSizeLimit.utf8Bytes(source.text());
    if (!FileSizeLimit.allows(bytes)) {
      fileError(diags, source, FileSizeLimit.tooLarge(source.name(), bytes));
      return null;
    }
    ParseResult parsed = NetParser.parse(source);
    diags.addAll(parsed.diagnostics());
    if (parsed.hasErrors()) {
      return null;
    }
    CompilationUnit unit = parsed.unit();
    List<LoadedFile> files = new ImportLoader(imports, diags).load(unit);
    if (diags.hasErrors()) {
      return null; // as for syntax errors: nothing to check
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
      Graph graph = build(net, new GraphBuilder(diags, blocks), diags);
      if (graph != null) {
        graphs.add(graph);
      }
    }
    return graphs;
  }

  /** An error about the whole file, without quoting a line (the one line of a 200 MB file is the file). */
  private static void fileError(Diagnostics diags, SourceFile source, String message) {
    SourcePos file = SourcePos.of(source.name(), 1, 1);
    diags.addAll(List.of(new Diagnostic(Diagnostic.Severity.ERROR, file, message, "")));
  }

  /** Checks {@code net} and builds its IR; null when it has errors, which are then reported. */
  private static Graph build(NetworkDecl net, GraphBuilder builder, Diagnostics diags) {
    int errorsBefore = diags.errorCount();
    Graph graph = builder.build(net);
    if (graph == null && diags.errorCount() == errorsBefore && !builder.calledBlockWithErrors()) {
      // never a silent failure: no sources must come with an error saying why (found by fuzzing)
      diags.internalError(net.namePos(), "internal netc error: network " + net.name()
          + " could not be built but no reason was reported; please report it with this file");
    }
    return graph;
  }

  /** Plans and writes one class per graph; {@code fileName} is the source their comments name. */
  private static CompileResult generate(List<Graph> graphs, String javaPackage, String fileName,
      KernelPolicy kernels, Diagnostics diags) {
    List<GeneratedSource> sources = new ArrayList<>();
    List<KernelPlan> plans = new ArrayList<>();
    for (Graph graph : graphs) {
      KernelPlan kernelPlan = CostModel.plan(graph, kernels);
      GradientPlan gradientPlan = GradientPlan.of(graph);
      sources.add(SourceFileGenerator.generate(javaPackage,
          ModelEmitter.emit(graph, fileName, kernelPlan, gradientPlan)));
      plans.add(kernelPlan);
    }
    return new CompileResult(diags.toList(), sources, plans);
  }

  /**
   * Runs {@code work}, turning a bug in netc into an error naming {@code origin} (the file or
   * type being compiled) and returning what {@code failed} makes of the diagnostics: the user's
   * build reports it instead of crashing.
   */
  private static <T> T guarded(Diagnostics diags, String origin, Supplier<T> work, Supplier<T> failed) {
    try {
      return work.get();
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      diags.internalError(new SourcePos(origin, 1, 1), "internal netc error while compiling " + origin + ": " + e
          + " at " + where(e) + "; please report it with this file");
      return failed.get();
    }
  }

  /** The innermost frame of netc's own code in {@code e}'s stack trace, where the bug most likely is. */
  private static String where(Throwable e) {
    StackTraceElement[] trace = e.getStackTrace();
    for (StackTraceElement frame : trace) {
      if (frame.getClassName().startsWith("dev.netc")) {
        return frame.toString();
      }
    }
    return trace.length > 0 ? trace[0].toString() : "unknown place";
  }
}
