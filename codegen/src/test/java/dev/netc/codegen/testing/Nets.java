package dev.netc.codegen.testing;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.Model;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Test helper: `.net` text in, a live generated model out, through the real pipeline and javac. */
public final class Nets {
  private Nets() {}

  public static final String PACKAGE = "test.nets";

  /** Runs netc on {@code source} and fails on any error. */
  public static CompileResult generate(String fileName, String source) {
    CompileResult result = NetcCompiler.compile(new SourceFile(fileName, source), PACKAGE);
    if (result.hasErrors()) {
      throw new AssertionError("netc reported errors:\n" + result.diagnostics().stream()
          .map(Diagnostic::format).collect(Collectors.joining("\n")));
    }
    return result;
  }

  /** Generated, compiled and loaded: the network's {@link Model} with its parameters zero. */
  public static Model model(String source) {
    return compile(source).model();
  }

  public static Built compile(String source) {
    CompileResult result = generate("Test.net", source);
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : result.sources()) {
      sources.put(s.qualifiedName(), s.code());
    }
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(sources);
    return new Built(result.sources(), compiled);
  }

  /** Sources and classes of one compiled `.net` file. */
  public record Built(List<GeneratedSource> sources, InMemoryJavac.Compiled classes) {
    public Model model() {
      try {
        return (Model) classes.load(sources.get(0).qualifiedName()).getConstructor().newInstance();
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }

    public String code() {
      return sources.get(0).code();
    }
  }
}
