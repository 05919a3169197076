package dev.netc.processor;

import com.google.auto.service.AutoService;
import com.sun.source.util.Trees;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.NetworkSource;
import dev.netc.dsl.Diagnostic;
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
 * ({@link NetworkReader}), hands it to the same back end as .net files ({@link NetcCompiler}),
 * reports every diagnostic on the element, annotation and value it is about, and writes
 * {@code <TypeName>Model} through the Filer. It never throws at javac: the back end turns a bug in
 * netc, the reading included, into an error on the network's type. With {@code -Anetc.report=true}
 * it also prints the cost model's kernel decision for each layer as a note.
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
          compile((TypeElement) e);
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

  /**
   * Reads {@code type} into the AST and hands it to the back end, which checks it, generates the
   * model and turns any bug of netc into an error; reports the diagnostics on the element,
   * annotation and value they are about and writes the model through the Filer.
   */
  private void compile(TypeElement type) {
    String modelName = type.getSimpleName() + "Model";
    String pkg = packageOf(type);
    String qualified = pkg.isEmpty() ? modelName : pkg + "." + modelName;
    AnnotationMirror network = NetworkReader.mirror(type, NetworkReader.NETWORK);
    String origin = type.getQualifiedName().toString();
    Positions positions = new Positions(origin, Positions.treesOf(processingEnv));
    NetworkSource source = new NetworkSource(origin, sourceFileName(type), () -> {
      if (!nameIsFree(type, qualified, network)) {
        return null;
      }
      Element layer = processingEnv.getElementUtils().getTypeElement(NetworkReader.LAYER);
      return new NetworkReader(processingEnv.getMessager(), processingEnv.getTypeUtils(), layer.asType(),
          positions).read(type, modelName);
    });
    CompileResult result = NetcCompiler.compile(source, pkg);
    for (Diagnostic d : result.diagnostics()) {
      Target target = positions.target(d.pos());
      Reporting.print(processingEnv.getMessager(), d.isError() ? Kind.ERROR : Kind.WARNING, JavaAdvice.of(d.message()),
          target != null ? target : new Target(type, network, null));
    }
    if (result.hasErrors()) {
      return;
    }
    if (Boolean.parseBoolean(processingEnv.getOptions().get(REPORT_OPTION))) {
      for (String line : result.kernelReport()) {
        processingEnv.getMessager().printMessage(Kind.NOTE, "netc: kernel " + line, type);
      }
    }
    for (GeneratedSource generated : result.sources()) {
      write(generated, type, network);
    }
  }

  private void write(GeneratedSource source, TypeElement type, AnnotationMirror network) {
    try {
      JavaFileObject out = processingEnv.getFiler().createSourceFile(source.qualifiedName(), type);
      try (Writer writer = out.openWriter()) {
        writer.write(source.code());
      }
    } catch (IOException e) {
      processingEnv.getMessager().printMessage(Kind.ERROR, "cannot write " + source.qualifiedName() + ": "
          + e.getMessage(), type, network);
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
}
