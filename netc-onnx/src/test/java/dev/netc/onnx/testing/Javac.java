package dev.netc.onnx.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.URI;
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

/** Compiles generated network classes with the JDK's javac in memory, against the test class path. */
public final class Javac {
  private Javac() {}

  /** Compiles {@code code}, the source of {@code qualifiedName}, and loads that class. */
  public static Class<?> compile(String qualifiedName, String code) {
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
    units.add(new SimpleJavaFileObject(URI.create("mem:///" + qualifiedName.replace('.', '/') + ".java"),
        JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    });
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none");
    if (!javac.getTask(null, manager, diagnostics, options, null, units).call()) {
      throw new AssertionError("javac failed on " + qualifiedName + ": " + diagnostics.getDiagnostics());
    }
    ClassLoader loader = new ClassLoader(Javac.class.getClassLoader()) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        ByteArrayOutputStream b = out.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        byte[] bytes = b.toByteArray();
        return defineClass(name, bytes, 0, bytes.length);
      }
    };
    try {
      return loader.loadClass(qualifiedName);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
  }
}
