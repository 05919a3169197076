package dev.netc.processor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;

/**
 * The property of annotated interfaces (docs/fuzzing.md): for any {@code @Network} type javac
 * with the netc processor either compiles it, the generated model included, or reports errors,
 * all of them on the user's file (none in generated code, none without a place), and the
 * processor neither throws nor reports an internal netc error. The inputs are whole Java files
 * built by {@link NetworkSourceGenerator} from the fuzzer's bytes, so that they get past javac's
 * parser and attribution to the processor.
 */
public final class NetworkInterfaceFuzzTarget {
  private NetworkInterfaceFuzzTarget() {}

  public static void fuzzerTestOneInput(FuzzedDataProvider data) {
    check(new NetworkSourceGenerator(data).source());
  }

  /** Compiles {@code source} as {@code test.Fuzz} with the processor; throws on any violation. */
  static void check(String source) {
    JavaFileObject file = JavaFileObjects.forSourceString("test.Fuzz", source);
    // a processor that throws makes compile-testing throw: that is a finding as it stands
    Compilation c = Compiler.javac().withProcessors(new NetworkProcessor()).compile(file);
    for (Diagnostic<? extends JavaFileObject> d : c.diagnostics()) {
      String message = d.getMessage(Locale.ROOT);
      if (d.getKind() == Diagnostic.Kind.ERROR) {
        if (d.getSource() == null || !d.getSource().toUri().equals(file.toUri())) {
          throw new AssertionError("an error outside the user's file (" + d.getSource() + "): " + message
              + "\nfor\n" + source);
        }
        // the generator's quoted text has no spaces, so the phrase can only come from the guard
        if (message.contains("internal netc error")) {
          throw new AssertionError("netc crashed: " + message + "\nfor\n" + source);
        }
      }
    }
    if (c.status() == Compilation.Status.SUCCESS && c.generatedSourceFiles().isEmpty()) {
      throw new AssertionError("compiled without errors but generated no model for\n" + source);
    }
  }
}
