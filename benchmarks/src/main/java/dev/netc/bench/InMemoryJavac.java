package dev.netc.bench;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.GeneratedModel;
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
 * netc's build pipeline in one process, for the scaling programs: {@code .net} text to Java
 * sources ({@link NetcCompiler}), sources to class files (javac through {@code javax.tools}, in
 * memory, against this JVM's classpath, with {@code -g} like Maven's compiler plugin), class files
 * to a loaded model.
 */
final class InMemoryJavac {
  private InMemoryJavac() {}

  /** Class files by binary name and a loader that defines them. */
  record Compiled(Map<String, byte[]> classFiles, ClassLoader loader) {
    int bytecodeBytes() {
      return classFiles.values().stream().mapToInt(b -> b.length).sum();
    }
  }

  /** Runs netc on {@code text}; fails with the diagnostics when it reports errors. */
  static List<GeneratedSource> generate(String name, String text, String javaPackage) {
    return generate(name, text, javaPackage, KernelPolicy.AUTO);
  }

  /** Runs netc on {@code text} with the layers' kernels chosen by {@code kernels}. */
  static List<GeneratedSource> generate(String name, String text, String javaPackage, KernelPolicy kernels) {
    CompileResult result = NetcCompiler.compile(new SourceFile(name, text), javaPackage, ImportResolver.NONE,
        kernels);
    if (result.hasErrors()) {
      throw new IllegalStateException("netc failed on " + name + ": " + result.diagnostics());
    }
    return result.sources();
  }

  static Compiled javac(List<GeneratedSource> sources) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run on a JDK, not a JRE");
    }
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
    for (GeneratedSource s : sources) {
      units.add(new SimpleJavaFileObject(URI.create("mem:///" + s.relativePath()), JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return s.code();
        }
      });
    }
    List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-g", "-proc:none");
    boolean ok = javac.getTask(null, manager, diagnostics, options, null, units).call();
    if (!ok) {
      StringBuilder msg = new StringBuilder("javac failed:\n");
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        msg.append(d.getKind()).append(" line ").append(d.getLineNumber()).append(": ")
            .append(d.getMessage(null)).append('\n');
      }
      throw new IllegalStateException(msg.toString());
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

  /** Compiles a one-network {@code .net} text and instantiates the model. */
  static GeneratedModel model(String name, String text) {
    return model(name, text, KernelPolicy.AUTO);
  }

  /** Compiles a one-network {@code .net} text with the kernels {@code kernels} chooses and instantiates it. */
  static GeneratedModel model(String name, String text, KernelPolicy kernels) {
    List<GeneratedSource> sources = generate(name + ".net", text, "dev.netc.bench.scaling", kernels);
    Compiled compiled = javac(sources);
    try {
      return (GeneratedModel) compiled.loader().loadClass(sources.get(0).qualifiedName())
          .getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
