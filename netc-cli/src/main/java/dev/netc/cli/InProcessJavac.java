package dev.netc.cli;

import dev.netc.codegen.GeneratedSource;
import dev.netc.runtime.GeneratedModel;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles a generated network class in memory with the JDK's own javac ({@link
 * ToolProvider#getSystemJavaCompiler()}) against the runtime this process runs, and loads it: the
 * command line trains and runs networks without a build. Nothing touches the disk.
 */
final class InProcessJavac {
  private InProcessJavac() {}

  /**
   * The class of {@code source}, loaded by a new class loader whose parent loads the runtime, so
   * it implements this process's {@code dev.netc.runtime.Model}.
   * @throws CliException when this Java has no compiler, or (a netc bug) the source does not compile
   */
  static Class<?> compile(GeneratedSource source) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw CliException.failed("the Java at " + System.getProperty("java.home") + " has no compiler;"
          + " netc compiles the network's class in process, so run it with a JDK (set JAVA_HOME to"
          + " one), not a JRE");
    }
    DiagnosticCollector<JavaFileObject> problems = new DiagnosticCollector<>();
    StandardJavaFileManager files = javac.getStandardFileManager(problems, Locale.ROOT, StandardCharsets.UTF_8);
    MemoryOutput output = new MemoryOutput(files);
    List<String> options = List.of("-classpath", runtimeClassPath(), "-proc:none", "-nowarn", "-Xlint:none",
        "-encoding", "UTF-8");
    Boolean ok = javac.getTask(null, output, problems, options, null, List.of(new MemorySource(source))).call();
    if (!ok) {
      String first = problems.getDiagnostics().stream()
          .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
          .map(d -> "line " + d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
          .limit(3).collect(Collectors.joining("; "));
      throw CliException.failed("internal netc error: the generated class " + source.qualifiedName()
          + " does not compile (" + first + "); please report it with the .net file");
    }
    ClassLoader loader = new MemoryClassLoader(output.classes, InProcessJavac.class.getClassLoader());
    try {
      return loader.loadClass(source.qualifiedName());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("javac wrote no class " + source.qualifiedName(), e);
    }
  }

  /**
   * Where this process loads the runtime from (its jar, the netc-cli-all jar, or a classes
   * directory in a build), which is all a generated class needs besides the JDK.
   */
  static String runtimeClassPath() {
    CodeSource code = GeneratedModel.class.getProtectionDomain().getCodeSource();
    if (code == null || code.getLocation() == null) {
      return System.getProperty("java.class.path");
    }
    try {
      return Path.of(code.getLocation().toURI()).toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return System.getProperty("java.class.path") + File.pathSeparator + code.getLocation().getPath();
    }
  }

  /** The generated source as javac reads it. */
  private static final class MemorySource extends SimpleJavaFileObject {
    private final String code;

    MemorySource(GeneratedSource source) {
      super(URI.create("string:///" + source.relativePath()), Kind.SOURCE);
      this.code = source.code();
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }

  /** Class files kept in memory, by binary name. */
  private static final class MemoryOutput extends ForwardingJavaFileManager<StandardJavaFileManager> {
    final Map<String, ByteArrayOutputStream> classes = new HashMap<>();

    MemoryOutput(StandardJavaFileManager files) {
      super(files);
    }

    @Override
    public JavaFileObject getJavaFileForOutput(
        JavaFileManager.Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
      return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
        @Override
        public OutputStream openOutputStream() {
          ByteArrayOutputStream bytes = new ByteArrayOutputStream();
          classes.put(className, bytes);
          return bytes;
        }
      };
    }
  }

  /** Defines the compiled classes; everything else comes from the parent (the runtime, the JDK). */
  private static final class MemoryClassLoader extends ClassLoader {
    private final Map<String, ByteArrayOutputStream> classes;

    MemoryClassLoader(Map<String, ByteArrayOutputStream> classes, ClassLoader parent) {
      super(parent);
      this.classes = classes;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
      ByteArrayOutputStream bytes = classes.get(name);
      if (bytes == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] b = bytes.toByteArray();
      return defineClass(name, b, 0, b.length);
    }
  }
}
