package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.google.testing.compile.Compilation;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import javax.tools.JavaFileObject;

/**
 * A network written twice, as an annotated interface {@code Name} and as a .net file declaring
 * {@code network NameModel}: both front ends must generate the same class {@code test.NameModel},
 * character for character, except the source positions in its comments ({@code Name.java:7:3}
 * against {@code NameModel.net:4:3}), which name different files by nature.
 */
final class Twins {
  private Twins() {}

  /** Compiles both through the real processor and {@link NetcCompiler}; fails on any difference or diagnostic. */
  static String assertSameCode(String name, String javaBody, String net) {
    JavaFileObject java = Sources.java(name, javaBody);
    Compilation compilation = Sources.compile(java);
    assertThat(compilation).succeededWithoutWarnings();
    String fromAnnotations;
    try {
      fromAnnotations = compilation.generatedSourceFile("test." + name + "Model").orElseThrow()
          .getCharContent(true).toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    CompileResult fromDsl = NetcCompiler.compile(new SourceFile(name + "Model.net", net), "test");
    assertFalse(fromDsl.hasErrors(), fromDsl.diagnostics().toString());
    assertEquals(List.of(), fromDsl.diagnostics(), "the .net twin compiles without warnings");
    assertEquals(1, fromDsl.sources().size());
    String fromNet = fromDsl.sources().get(0).code();
    assertEquals(positionsBlanked(fromNet, name + "Model.net"), positionsBlanked(fromAnnotations, name + ".java"));
    return fromAnnotations;
  }

  /** The generated code with {@code file:line:col} and the source file's name blanked. */
  private static String positionsBlanked(String code, String file) {
    String quoted = Pattern.quote(file);
    return code.replaceAll(quoted + ":\\d+:\\d+", "SOURCE:LINE:COL").replaceAll(quoted, "SOURCE");
  }
}
