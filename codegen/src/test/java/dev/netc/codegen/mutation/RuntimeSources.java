package dev.netc.codegen.mutation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * A runtime package with one source file mutated: the file is recompiled in memory against the
 * class path, and the whole package is loaded child-first in its own class loader (the mutated
 * classes from the new bytes, the rest from the class path's bytes), so package-private access
 * between them still works. Production classes stay untouched.
 */
final class RuntimeSources {
  private RuntimeSources() {}

  /** The runtime module's sources (the build runs tests in the codegen module's directory). */
  static final Path ROOT = Path.of("..", "runtime", "src", "main", "java");

  /** The source text of {@code file} (such as {@code Sgd.java}) in the runtime package {@code pkg}. */
  static String read(String pkg, String file) {
    Path path = ROOT.resolve(pkg.replace('.', '/')).resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("runtime source not found at " + path.toAbsolutePath());
    }
    try {
      return Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Compiles {@code files} of package {@code pkg} (edited copies of some of its sources) against the
   * class path and returns a loader that defines every class of the package itself, child-first:
   * the compiled ones from their new bytes, the others from the class path's bytes. With no files,
   * the package is the unmutated one, loaded apart in the same way.
   */
  static ClassLoader compile(String pkg, Map<String, String> files) {
    Map<String, byte[]> classes = files.isEmpty() ? Map.of() : javac(pkg, files);
    String prefix = pkg + ".";
    ClassLoader parent = RuntimeSources.class.getClassLoader();
    return new ClassLoader(parent) {
      @Override
      protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix) || name.indexOf('.', prefix.length()) >= 0) {
          return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
          Class<?> c = findLoadedClass(name);
          if (c != null) {
            return c;
          }
          byte[] b = classes.get(name);
          if (b == null) {
            b = classPathBytes(parent, name);
          }
          return defineClass(name, b, 0, b.length);
        }
      }
    };
  }

  private static byte[] classPathBytes(ClassLoader parent, String name) throws ClassNotFoundException {
    try (java.io.InputStream in = parent.getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  private static Map<String, byte[]> javac(String pkg, Map<String, String> files) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    StandardJavaFileManager standard = javac.getStandardFileManager(diagnostics, null, null);
    Map<String, ByteArrayOutputStream> out = new HashMap<>();
    ForwardingJavaFileManager<StandardJavaFileManager> manager = new ForwardingJavaFileManager<>(standard) {
      @Override
      public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
          FileObject sibling) {
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
    files.forEach((name, code) -> units.add(new SimpleJavaFileObject(
        URI.create("mem:///" + pkg.replace('.', '/') + "/" + name), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    }));
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none", "-g");
    if (!javac.getTask(null, manager, diagnostics, options, null, units).call()) {
      throw new AssertionError("javac failed on the runtime package " + pkg + ": " + diagnostics.getDiagnostics());
    }
    Map<String, byte[]> classes = new HashMap<>();
    out.forEach((k, v) -> classes.put(k, v.toByteArray()));
    return classes;
  }
}
