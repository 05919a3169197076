package dev.netc.maven;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The work of {@code netc:generate} without Maven: compile every {@code **}{@code /*.net} under
 * the source directory, write each generated source whose content changed, and delete sources
 * whose network or {@code .net} file is gone. Imports resolve inside the source directory; a file
 * that only declares blocks generates nothing, and every file that imports it is compiled again
 * on each run, so editing a block regenerates the networks that use it.
 *
 * <p>A file with errors keeps what it generated last time (the build fails anyway, and IDEs keep
 * resolving the class meanwhile); everything else is rewritten from scratch on every run, which
 * is cheap next to javac.
 */
final class NetGenerator {

  /** The codegen facade; a parameter so tests can run without the real compiler. */
  @FunctionalInterface
  interface Compiler {
    CompileResult compile(SourceFile source, String javaPackage, ImportResolver imports);
  }

  /**
   * What a run did.
   *
   * @param netFiles {@code .net} files found
   * @param classes generated sources produced by files without errors
   * @param unchanged of those, how many already had this content on disk (not rewritten)
   * @param deleted relative paths of stale generated sources that were deleted
   * @param diagnostics every diagnostic, positions naming absolute file paths; a problem in an
   *     imported file is listed once, however many files import it
   * @param kernels the cost model's decision for every layer with a matrix product, one line each
   *     ({@code Net.dense_1 (dense + tanh, 2x4): unrolled (8 MACs)}), for the build log
   */
  record Result(int netFiles, int classes, int unchanged, List<String> deleted,
      List<Diagnostic> diagnostics, List<String> kernels) {

    long errorCount() {
      return diagnostics.stream().filter(Diagnostic::isError).count();
    }

    String summary() {
      return "netc: generated " + classes + " classes from " + netFiles + " .net files ("
          + unchanged + " unchanged)";
    }
  }

  private final Path sourceDirectory;
  private final Path outputDirectory;
  private final String packageOverride;
  private final Compiler compiler;
  /** Imports resolve inside the source directory only; compiled files follow the same rules. */
  private final SourceRoots imports;

  /**
   * @param packageOverride the package for every generated class, or null to derive it from each
   *     file's directory
   */
  NetGenerator(Path sourceDirectory, Path outputDirectory, String packageOverride, Compiler compiler) {
    this.sourceDirectory = sourceDirectory.toAbsolutePath().normalize();
    this.outputDirectory = outputDirectory.toAbsolutePath().normalize();
    this.packageOverride = packageOverride;
    this.compiler = compiler;
    this.imports = SourceRoots.of(this.sourceDirectory);
  }

  Result run() throws IOException {
    Path manifestFile = Manifest.fileFor(outputDirectory);
    Manifest previous = Manifest.read(manifestFile);
    Manifest current = new Manifest();
    Set<String> generatedBefore = previous.allGenerated(); // ours to overwrite
    List<Diagnostic> diagnostics = new ArrayList<>();
    Map<String, String> ownerOfGenerated = new HashMap<>(); // java path → .net path, this run
    int classes = 0;
    int unchanged = 0;
    List<String> kernels = new ArrayList<>();

    NetSourceScan.Result scan = NetSourceScan.scan(sourceDirectory, imports);
    diagnostics.addAll(scan.refused());
    List<NetSourceScan.Accepted> netFiles = scan.files();
    for (NetSourceScan.Accepted netFile : netFiles) {
      String relative = relativeName(sourceDirectory, netFile.file());
      String fileName = netFile.file().toString();
      CompileResult result = compileOne(netFile, fileName, relative, diagnostics);
      if (result == null || result.hasErrors()) {
        previous.generatedBy(relative).forEach(g -> current.add(relative, g));
        continue;
      }
      if (result.plans() != null) {
        kernels.addAll(result.kernelReport());
      }
      for (GeneratedSource source : result.sources()) {
        String generated = source.relativePath();
        String owner = ownerOfGenerated.putIfAbsent(generated, relative);
        if (owner != null) {
          diagnostics.add(fileError(fileName, "class " + source.qualifiedName()
              + " is already generated from " + owner + "; rename one of the networks"));
          continue;
        }
        Path target = outputDirectory.resolve(generated);
        if (!generatedBefore.contains(generated) && !GeneratedFiles.isOursOrAbsent(target)) {
          diagnostics.add(fileError(fileName, "class " + source.qualifiedName() + " would overwrite "
              + target + ", which netc did not generate; rename the network, or give netc an"
              + " <outputDirectory> of its own (the default is target/generated-sources/netc)"));
          continue;
        }
        classes++;
        if (!GeneratedFiles.writeIfChanged(target, source.code())) {
          unchanged++;
        }
        current.add(relative, generated);
      }
    }

    List<String> deleted = new ArrayList<>();
    Set<String> keep = current.allGenerated();
    for (String stale : previous.allGenerated()) {
      if (!keep.contains(stale) && GeneratedFiles.deleteInside(outputDirectory, stale)) {
        deleted.add(stale);
      }
    }
    if (!netFiles.isEmpty() || Files.exists(manifestFile)) {
      Files.createDirectories(manifestFile.getParent());
      current.write(manifestFile);
    }
    return new Result(netFiles.size(), classes, unchanged, deleted,
        List.copyOf(new LinkedHashSet<>(diagnostics)), List.copyOf(kernels));
  }

  /** Compiles one file, adding its diagnostics; null when it could not be compiled at all. */
  private CompileResult compileOne(
      NetSourceScan.Accepted netFile, String fileName, String relative, List<Diagnostic> diagnostics) {
    String javaPackage = packageOverride != null ? packageOverride
        : JavaPackages.fromRelativePath(relative);
    if (!JavaPackages.isValid(javaPackage)) {
      String shown = Names.visible(javaPackage); // no invisible or bidi characters in the log
      String problem = Names.packageProblem(javaPackage);
      diagnostics.add(fileError(fileName, "the directory " + shown.replace('.', '/')
          + " does not make a valid Java package name '" + shown + "'"
          + (problem == null ? "" : " (" + problem + ")")
          + "; rename it or set <packageName> in the netc-maven-plugin configuration"));
      return null;
    }
    if (packageOverride == null && javaPackage.isEmpty()) {
      diagnostics.add(new Diagnostic(Diagnostic.Severity.WARNING, SourcePos.of(fileName, 0, 0),
          "this file is directly in the source directory, so its classes go to the default package,"
              + " which no other package can import; move it to " + sourceDirectory
              + "/<package path>/ (for example com/acme/" + netFile.file().getFileName() + " for package"
              + " com.acme) or set <packageName> in the netc-maven-plugin configuration", ""));
    }
    // the scan read and checked the file (size, UTF-8, BOM): its text is compiled as read
    SourceFile source = new SourceFile(fileName, netFile.text());
    CompileResult result;
    try {
      result = compiler.compile(source, javaPackage, imports);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // the facade promises diagnostics, not exceptions; if it breaks that promise, say which
      // file triggered it instead of failing the whole build with a bare stack trace
      diagnostics.add(fileError(fileName, "netc internal error while compiling this file: " + e));
      return null;
    }
    if (result == null) {
      diagnostics.add(fileError(fileName, "netc internal error: the compiler returned no result"));
      return null;
    }
    for (Diagnostic d : result.diagnostics()) {
      diagnostics.add(complete(d, source));
    }
    return result;
  }

  /** Fills in the file and the quoted line when the compiler left them out. */
  private static Diagnostic complete(Diagnostic d, SourceFile source) {
    SourcePos pos = d.pos();
    if (pos == null) {
      pos = SourcePos.of(source.name(), 0, 0);
    } else if (pos.file() == null || pos.file().isEmpty()) {
      pos = SourcePos.of(source.name(), pos.line(), pos.column());
    }
    String line = d.sourceLine() == null ? "" : d.sourceLine();
    if (line.isEmpty() && pos.line() > 0 && pos.file().equals(source.name())) {
      line = source.line(pos.line());
    }
    Diagnostic.Severity severity = d.severity() == null ? Diagnostic.Severity.ERROR : d.severity();
    String message = d.message() == null ? "" : d.message();
    return new Diagnostic(severity, pos, message, line);
  }

  private static Diagnostic fileError(String fileName, String message) {
    return new Diagnostic(Diagnostic.Severity.ERROR, SourcePos.of(fileName, 0, 0), message, "");
  }

  /** {@code file} relative to {@code root} with '/' separators on every platform. */
  static String relativeName(Path root, Path file) {
    Path relative = root.relativize(file);
    List<String> parts = new ArrayList<>();
    relative.forEach(part -> parts.add(part.toString()));
    return String.join("/", parts);
  }
}
