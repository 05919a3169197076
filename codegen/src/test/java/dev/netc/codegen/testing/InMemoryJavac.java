package dev.netc.codegen.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles generated sources with the real javac, in memory, against the test classpath (which
 * holds the runtime), and loads the classes. Keeps the class files so tests can measure bytecode.
 */
public final class InMemoryJavac {
  private InMemoryJavac() {}

  /** Compiled classes: bytes by binary name, and a loader for them. */
  public record Compiled(Map<String, byte[]> classFiles, ClassLoader loader) {
    public Class<?> load(String name) {
      try {
        return loader.loadClass(name);
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Compiles {@code sources} (qualified name to source text); fails with javac's messages. */
  public static Compiled compile(Map<String, String> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    Map<String, ByteArrayOutputStream> out = new HashMap<>();
    ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(
          Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
        return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + ".class"), kind) {
          @Override
          public OutputStream openOutputStream() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            out.put(className, bytes);
            return bytes;
          }
        };
      }
    };
    List<JavaFileObject> units = new ArrayList<>();
    sources.forEach((name, code) -> units.add(
        new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
          @Override
          public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return code;
          }
        }));
    // --release 17: the class files netc's users get (and ASM, in the bytecode-size tests, can
    // read them whatever JDK runs the tests)
    List<String> options = List.of("--release", "17", "-classpath", System.getProperty("java.class.path"),
        "-Xlint:all", "-Werror", "-g");
    boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder msg = new StringBuilder("javac failed:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        msg.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(null)).append('\n');
      }
      msg.append(String.join("\n----\n", sources.values()));
      throw new AssertionError(msg.toString());
    }
    Map<String, byte[]> classes = new HashMap<>();
    out.forEach((k, v) -> classes.put(k, v.toByteArray()));
    ClassLoader loader = new ClassLoader(InMemoryJavac.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = classes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
    return new Compiled(classes, loader);
  }
}
