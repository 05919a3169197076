package dev.netc.codegen.draw;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.build.BlockTable;
import dev.netc.codegen.build.Blocks;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.imports.ImportLoader;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.LoadedFile;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Checked graphs of real `.net` files, imports and the netc library resolved; fails on any error. */
final class NetFiles {
  private NetFiles() {}

  /** The samples module's networks, read from this repository (tests run in the codegen directory). */
  static final Path SAMPLES = Path.of("..", "samples", "src", "main", "net");

  /** The first network of the sample {@code dev/netc/samples/<name>.net}. */
  static Graph sample(String name) {
    return graph(SAMPLES, SAMPLES.resolve("dev/netc/samples/" + name + ".net"));
  }

  /** The first network of {@code file}, whose imports resolve against {@code root}. */
  static Graph graph(Path root, Path file) {
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      return graph(file.toString(), text, SourceRoots.of(root));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first network of {@code text}. */
  static Graph graph(String name, String text, ImportResolver imports) {
    SourceFile source = new SourceFile(name, text);
    ParseResult parsed = NetParser.parse(source);
    assertFalse(parsed.hasErrors(), () -> format(parsed.diagnostics()));
    Diagnostics diags = new Diagnostics(source);
    List<LoadedFile> files = new ImportLoader(imports, diags).load(parsed.unit());
    BlockTable blocks = Blocks.declare(files, diags);
    Graph graph = new GraphBuilder(diags, blocks).build(parsed.unit().networks().get(0));
    assertFalse(diags.hasErrors(), () -> format(diags.toList()));
    return graph;
  }

  static Graph graph(String text) {
    return graph("Test.net", text, ImportResolver.NONE);
  }

  private static String format(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }
}
