package dev.netc.processor;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import javax.tools.JavaFileObject;

/** Test sources: one Java file per network, with the annotation imports every test needs. */
final class Sources {
  private Sources() {}

  static final String IMPORTS = "package test;\n"
      + "import dev.netc.annotations.*;\n";

  /** {@code test.<name>} with {@code body} after the imports (line 3 is the first body line). */
  static JavaFileObject java(String name, String body) {
    return JavaFileObjects.forSourceString("test." + name, IMPORTS + body);
  }

  static Compilation compile(JavaFileObject... files) {
    return Compiler.javac().withProcessors(new NetworkProcessor()).compile(files);
  }
}
