package dev.netc.processor;

import com.google.auto.service.AutoService;
import com.squareup.javapoet.JavaFile;
import com.sun.source.util.Trees;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.emit.ModelEmitter;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.plan.CostModel;
import dev.netc.codegen.plan.KernelPlan;
import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.ast.NetworkDecl;
import java.io.IOException;
import java.io.Writer;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.Processor;
import javax.annotation.processing.RoundEnvironment;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic.Kind;
import javax.tools.JavaFileObject;

/**
 * The annotation front end of netc: reads each {@code @Network} type into the .net AST
 * ({@link NetworkReader}), checks it with the same {@link GraphBuilder} as .net files, reports
 * every diagnostic on the element, annotation and value it is about, and writes
 * {@code <TypeName>Model} with the same {@link ModelEmitter}. It never throws at javac: a bug in
 * netc becomes one error on the network's type. With {@code -Anetc.report=true} it also prints the
 * cost model's kernel decision for each layer as a note.
 */
@AutoService(Processor.class)
public final class NetworkProcessor extends AbstractProcessor {
  /** {@code -Anetc.report=true}: print each layer's kernel decision as a note. */
  static final String REPORT_OPTION = "netc.report";

  /** Generated class name to the type it was generated for, over all rounds. */
  private final Map<String, TypeElement> generated = new HashMap<>();

  @Override
  public Set<String> getSupportedAnnotationTypes() {
    Set<String> names = new LinkedHashSet<>();
    names.add(NetworkReader.NETWORK);
    names.add(NetworkReader.TRAINING);
    for (String layer : NetworkReader.LAYER_ANNOTATIONS.keySet()) {
      names.add(NetworkReader.PACKAGE + "." + layer);
    }
    return names;
  }

  @Override
  public Set<String> getSupportedOptions() {
    return Set.of(REPORT_OPTION);
  }

  @Override
  public SourceVersion getSupportedSourceVersion() {
    return SourceVersion.latestSupported();
  }

  @Override
  public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
    for (TypeElement annotation : annotations) {
      String name = annotation.getQualifiedName().toString();
      for (Element e : round.getElementsAnnotatedWith(annotation)) {
        if (name.equals(NetworkReader.NETWORK)) {
          compileSafely((TypeElement) e);
        } else {
          checkInsideNetwork(e, annotation);
        }
      }
    }
    return true;
  }

  /** Layer and training annotations mean nothing outside a @Network type: say so. */
  private void checkInsideNetwork(Element e, TypeElement annotation) {
    Element owner = e.getKind() == ElementKind.METHOD ? e.getEnclosingElement() : e;
    if (NetworkReader.mirror(owner, NetworkReader.NETWORK) == null) {
      AnnotationMirror mirror = NetworkReader.mirror(e, annotation.getQualifiedName().toString());
      Reporting.print(processingEnv.getMessager(), Kind.ERROR, "@" + annotation.getSimpleName()
          + " is only read inside an interface or abstract class annotated with @Network",
          new Target(e, mirror, null));
    }
  }

  private void compileSafely(TypeElement type) {
    String modelName = type.getSimpleName() + "Model";
    try {
      compile(type, modelName);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      // a bug in netc must reach the user as a diagnostic, not a crashed javac
      processingEnv.getMessager().printMessage(Kind.ERROR, "internal netc error while compiling network "
          + modelName + " from " + type.getQualifiedName() + ": " + e + " at " + where(e)
          + "; please report it with this file", type);
    }
  }

  private void compile(TypeElement type, String modelName) throws RuntimeException {
    String pkg = packageOf(type);
    String qualified = pkg.isEmpty() ? modelName : pkg + "." + modelName;
    AnnotationMirror network = NetworkReader.mirror(type, NetworkReader.NETWORK);
    if (!nameIsFree(type, qualified, network)) {
      return;
    }
    Trees trees = Positions.treesOf(processingEnv);
    Positions positions = new Positions(type.getQualifiedName().toString(), trees);
    Element layer = processingEnv.getElementUtils().getTypeElement(NetworkReader.LAYER);
    NetworkReader reader = new NetworkReader(processingEnv.getMessager(), processingEnv.getTypeUtils(),
        layer.asType(), positions);
    NetworkDecl decl = reader.read(type, modelName);
    if (decl == null) {
      return;
    }
    Diagnostics diags = new Diagnostics(new SourceFile(type.getQualifiedName().toString(), ""));
    Graph graph = new GraphBuilder(diags).build(decl);
    for (Diagnostic d : diags.toList()) {
      Target target = positions.target(d.pos());
      Reporting.print(processingEnv.getMessager(), d.isError() ? Kind.ERROR : Kind.WARNING, d.message(),
          target != null ? target : new Target(type, network, null));
    }
    if (graph == null || diags.hasErrors()) {
      return;
    }
    KernelPlan plan = CostModel.plan(graph, KernelPolicy.AUTO);
    if (Boolean.parseBoolean(processingEnv.getOptions().get(REPORT_OPTION))) {
      for (String line : plan.reportLines()) {
        processingEnv.getMessager().printMessage(Kind.NOTE, "netc: kernel " + line, type);
      }
    }
    JavaFile file = ModelEmitter.emit(graph, pkg, sourceFileName(type), plan);
    try {
      JavaFileObject out = processingEnv.getFiler().createSourceFile(qualified, type);
      try (Writer writer = out.openWriter()) {
        file.writeTo(writer);
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "cannot write " + qualified + ": " + e.getMessage(),
          type, network);
    }
  }

  /** False (with an error) when another network or a class of the user already has the name. */
  private boolean nameIsFree(TypeElement type, String qualified, AnnotationMirror network) {
    TypeElement earlier = generated.putIfAbsent(qualified, type);
    if (earlier != null && !earlier.equals(type)) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "network " + type.getQualifiedName()
          + " would generate " + qualified + ", which network " + earlier.getQualifiedName()
          + " generates already; rename one", type, network);
      return false;
    }
    TypeElement existing = processingEnv.getElementUtils().getTypeElement(qualified);
    // only a class in the sources being compiled: a class file may be this network's own, from the last build
    Trees trees = Positions.treesOf(processingEnv);
    if (existing != null && trees != null && trees.getPath(existing) != null) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "network " + type.getQualifiedName()
          + " generates " + qualified + ", but that class is already declared; rename one", type, network);
      return false;
    }
    return true;
  }

  private static String packageOf(Element e) {
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  /** The .java file the type is declared in, for the generated comments. */
  private static String sourceFileName(TypeElement type) {
    Element top = type;
    while (!(top.getEnclosingElement() instanceof PackageElement)) {
      top = top.getEnclosingElement();
    }
    return top.getSimpleName() + ".java";
  }

  private static String where(Throwable e) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("dev.netc")) {
        return frame.toString();
      }
    }
    StackTraceElement[] trace = e.getStackTrace();
    return trace.length > 0 ? trace[0].toString() : "unknown place";
  }
}
