package dev.netc.cli;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourcePos;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc generate -d DIR FILE...}: the Java sources the Maven plugin would write, one class
 * per network, under {@code DIR/<package path>/}.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {"Generate the Java class of every network, as the Maven plugin does.",
      "The package is --package, else the file's directory below its --source-root (as the plugin"
          + " derives it from src/main/net), else the default package."})
final class GenerateCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Option(names = "-d", paramLabel = "DIR", required = true,
      description = "Where the sources go, in package directories (created when missing).")
  Path directory;

  @Option(names = "--package", paramLabel = "NAME",
      description = "The package of every generated class.")
  String javaPackage;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "The .net files.")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    if (Files.exists(directory) && !Files.isDirectory(directory)) {
      throw CliException.usage("-d " + directory + " is not a directory");
    }
    List<NetFile> read = files.stream().map(f -> NetFile.read(f, sources.roots)).toList();
    DiagnosticPrinter printer = new DiagnosticPrinter();
    Map<String, Path> written = new HashMap<>(); // generated path -> the .net file it came from
    for (NetFile file : read) {
      String pkg = javaPackage != null ? javaPackage : file.packageFromRoots();
      CompileResult result = NetcCompiler.compile(file.source(), pkg, file.imports());
      printer.print(result.diagnostics(), netc.err());
      for (GeneratedSource source : result.sources()) {
        Path earlier = written.putIfAbsent(source.relativePath(), file.path());
        if (earlier != null) {
          printer.print(List.of(new Diagnostic(Diagnostic.Severity.ERROR, SourcePos.of(file.path().toString(), 1, 1),
              "class " + source.qualifiedName() + " is already generated from " + earlier
                  + "; rename one of the networks", "")), netc.err());
          continue;
        }
        Path target = directory.resolve(source.relativePath());
        Files.createDirectories(target.getParent());
        Files.writeString(target, source.code(), StandardCharsets.UTF_8);
        netc.out().println("wrote " + target);
      }
    }
    printer.printCounts(netc.err());
    return printer.errors() == 0 ? Exit.OK : Exit.ERRORS;
  }
}
