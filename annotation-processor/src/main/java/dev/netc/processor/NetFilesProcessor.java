package dev.netc.processor;

import com.google.auto.service.AutoService;
import dev.netc.annotations.NetFiles;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.imports.ImportResolver.Lookup;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.QualifiedNameable;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;

/**
 * The {@code .net} front end inside javac: compiles every file a {@code @NetFiles} annotation
 * names with {@link NetcCompiler}, as {@code netc-maven-plugin} does, and writes the generated
 * classes through the Filer with the annotated element as their originating element. Files are
 * found by {@link NetFileLookup}; every diagnostic becomes a javac error or warning whose message
 * names the {@code .net} file, line and column (with the line and a caret), reported on the path
 * in the annotation so that IDEs mark it.
 *
 * <p>Gradle may run it as an isolating processor (META-INF/gradle/incremental.annotation.processors):
 * what it generates for an element depends only on that element's annotation and the files it
 * names, which the build declares as inputs of the compile task (README, ".net files without the
 * Maven plugin"). The checks across elements (a file listed twice, two files generating one class)
 * see only the elements of one javac run, so an incremental build may miss them until the next
 * full one.
 */
@AutoService(Processor.class)
public final class NetFilesProcessor extends AbstractProcessor {
  /** {@code -Anetc.sourceRoots=dir1:dir2}: directories searched before javac's source and class path. */
  static final String SOURCE_ROOTS_OPTION = "netc.sourceRoots";
  static final String NET_FILES = NetFiles.class.getCanonicalName();

  private NetFileLookup lookup;
  /** Root-relative path to the element that listed it, over all rounds: each file is compiled once. */
  private final Map<String, Element> listedBy = new HashMap<>();
  /** Generated class to the file it came from, over all rounds. */
  private final Map<String, String> generatedFrom = new HashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    return Set.of(NET_FILES);
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(SOURCE_ROOTS_OPTION, NetworkProcessor.REPORT_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      for (Element element : round.getElementsAnnotatedWith(annotation)) {
        AnnotationMirror mirror = mirror(element);
        for (AnnotationValue value : paths(mirror)) {
          if (value.getValue() instanceof String path) { // anything else is javac's error already
            compile(path, new Target(element, mirror, value));
          }
        }
      }
    }
    return true;
  }

  private static AnnotationMirror mirror(Element element) {
    for (AnnotationMirror m : element.getAnnotationMirrors()) {
      if (((TypeElement) m.getAnnotationType().asElement()).getQualifiedName().contentEquals(NET_FILES)) {
        return m;
      }
    }
    return null;
  }

  /** The values of {@code value()}: javac gives an array even for {@code @NetFiles("a.net")}. */
  private static List<AnnotationValue> paths(AnnotationMirror mirror) {
    List<AnnotationValue> values = new ArrayList<>();
    if (mirror == null) {
      return values;
    }
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> e : mirror.getElementValues().entrySet()) {
      if (e.getKey().getSimpleName().contentEquals("value")) {
        Object v = e.getValue().getValue();
        if (v instanceof List<?> list) {
          list.stream().filter(AnnotationValue.class::isInstance).map(AnnotationValue.class::cast).forEach(values::add);
        } else {
          values.add(e.getValue());
        }
      }
    }
    return values;
  }

  /** Compiles the file at root-relative {@code path}, listed at {@code at}, and writes its classes. */
  private void compile(String path, Target at) {
    String shown = "\"" + Names.visible(path) + "\"";
    String problem = NetFilePaths.problem(path);
    if (problem != null) {
      error("@NetFiles path " + shown + " " + problem, at);
      return;
    }
    Element earlier = listedBy.putIfAbsent(path, at.element());
    if (earlier != null) {
      error(shown + " is already compiled for @NetFiles on " + name(earlier)
          + "; list each .net file once", at);
      return;
    }
    String javaPackage = NetFilePaths.javaPackage(path);
    String packageProblem = NetFilePaths.packageProblem(javaPackage);
    if (packageProblem != null) {
      error("the directory of " + shown + " does not make a Java package name (" + packageProblem
          + "); the directory below the source root is the package of the generated classes", at);
      return;
    }
    Lookup found = lookup().find(path);
    if (found instanceof Lookup.Failed failed) {
      error("cannot compile " + shown + ": " + failed.reason() + advice(failed.reason()), at);
      return;
    }
    SourceFile source = ((Lookup.Found) found).source();
    if (javaPackage.isEmpty()) {
      Reporting.print(processingEnv.getMessager(), Kind.WARNING, source.name() + ": this file is directly"
          + " in the source root, so its classes go to the default package, which no other package"
          + " can import; move it to a directory such as com/acme/", at);
    }
    CompileResult result = NetcCompiler.compile(source, javaPackage, lookup());
    for (Diagnostic d : result.diagnostics()) {
      Reporting.print(processingEnv.getMessager(), d.isError() ? Kind.ERROR : Kind.WARNING,
          NetDiagnosticText.of(d), at);
    }
    if (result.hasErrors()) {
      return;
    }
    if (Boolean.parseBoolean(processingEnv.getOptions().get(NetworkProcessor.REPORT_OPTION))) {
      for (String line : result.kernelReport()) {
        Reporting.print(processingEnv.getMessager(), Kind.NOTE, "netc: kernel " + line, at);
      }
    }
    for (GeneratedSource generated : result.sources()) {
      String other = generatedFrom.putIfAbsent(generated.qualifiedName(), path);
      if (other != null) {
        error("class " + generated.qualifiedName() + " is already generated from " + other
            + "; rename one of the networks", at);
      } else {
        write(generated, at);
      }
    }
  }

  private void write(GeneratedSource source, Target at) {
    try {
      // the annotated element is the one originating element (Gradle's isolating processors)
      JavaFileObject out = processingEnv.getFiler().createSourceFile(source.qualifiedName(), at.element());
      try (Writer writer = out.openWriter()) {
        writer.write(source.code());
      }
    } catch (IOException e) {
      error("cannot write " + source.qualifiedName() + ": " + e.getMessage(), at);
    }
  }

  /** Created on first use, so the option is read (and a bad directory reported) only when needed. */
  private NetFileLookup lookup() {
    if (lookup == null) {
      lookup = new NetFileLookup(processingEnv.getFiler(), optionRoots());
    }
    return lookup;
  }

  private List<Path> optionRoots() {
    String value = processingEnv.getOptions().get(SOURCE_ROOTS_OPTION);
    List<Path> roots = new ArrayList<>();
    if (value == null || value.isBlank()) {
      return roots;
    }
    for (String part : value.split(File.pathSeparator)) {
      if (part.isBlank()) {
        continue;
      }
      try {
        Path root = Path.of(part.strip()).toAbsolutePath().normalize();
        if (Files.isDirectory(root)) {
          roots.add(root);
        } else {
          processingEnv.getMessager().printMessage(Kind.WARNING, "-A" + SOURCE_ROOTS_OPTION + ": " + root
              + " is not a directory; no .net file is looked up there");
        }
      } catch (InvalidPathException e) {
        processingEnv.getMessager().printMessage(Kind.WARNING, "-A" + SOURCE_ROOTS_OPTION + ": \""
            + Names.visible(part) + "\" is not a valid path on this system (" + e.getReason() + ")");
      }
    }
    return roots;
  }

  /** What to do when a listed file was not found. */
  private static String advice(String reason) {
    if (!reason.startsWith("there is no file")) {
      return "";
    }
    return "; put its root directory on -sourcepath (Gradle: options.sourcepath) or pass"
        + " -A" + SOURCE_ROOTS_OPTION + "=<directory>";
  }

  private void error(String message, Target at) {
    Reporting.print(processingEnv.getMessager(), Kind.ERROR, message, at);
  }

  private static String name(Element e) {
    if (e instanceof PackageElement p) {
      return "package " + p.getQualifiedName();
    }
    return e instanceof QualifiedNameable q ? q.getQualifiedName().toString() : e.getSimpleName().toString();
  }
}
