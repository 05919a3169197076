package dev.netc.codegen;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;

/**
 * The package layering of codegen and the runtime's independence, checked on the compiled
 * classes (so fully qualified names in code count as much as imports). A failure lists every
 * offending dependency with the class, member and line it comes from.
 */
@AnalyzeClasses(packages = {"dev.netc.codegen", "dev.netc.runtime"},
    importOptions = ImportOption.DoNotIncludeTests.class)
class LayeringTest {

  /** codegen's packages by phase, lowest first; "root" is {@code dev.netc.codegen} itself. */
  static final List<String> PHASES = List.of("base", "ops", "ir", "imports", "build", "plan", "emit", "draw", "root");

  /**
   * What {@code draw} (a consumer of checked graphs beside the back end, not a compile phase) may
   * read: the graph and the plans, never the builder or the emitter.
   */
  private static final List<String> DRAW_READS = List.of("base", "ops", "ir", "plan");

  private static final String ORDER =
      "base < ops < ir < imports < build < plan < emit < draw (reads only ir, plan and below) < dev.netc.codegen";

  @ArchTest
  static final ArchRule each_phase_uses_only_the_phases_below_it = phases()
      .as("codegen packages by phase: each uses only those below it (" + ORDER + ")")
      .because("a lower phase that reached up would tie it to the later ones; move the shared piece down,"
          + " or let the caller hand the lower package what it needs");

  @ArchTest
  static final ArchRule codegen_packages_have_no_cycles = slices().matching("dev.netc.codegen.(*)..")
      .namingSlices("codegen.$1")
      .should().beFreeOfCycles()
      .because("packages that use each other can only be understood and changed together");

  @ArchTest
  static final ArchRule ops_do_not_see_the_graph = noClasses()
      .that().resideInAPackage("dev.netc.codegen.ops..")
      .should().dependOnClassesThat().resideInAPackage("dev.netc.codegen.ir..")
      .because("a node holds its op, not the other way round: an op is told its input shape, arguments"
          + " and layer name (LayerCode), and a question about nodes belongs to ir.Node or build");

  @ArchTest
  static final ArchRule runtime_needs_only_the_jdk = classes().that().resideInAPackage("dev.netc.runtime..")
      .should().onlyDependOnClassesThat()
      .resideInAnyPackage("java..", "jdk.incubator.vector..", "dev.netc.runtime..")
      .because("generated models depend on netc-runtime alone, which must bring no other dependency");

  @ArchTest
  static final ArchRule runtime_packages_have_no_cycles = slices().matching("dev.netc.runtime.(*)..")
      .namingSlices("runtime.$1")
      .should().beFreeOfCycles()
      .because("the runtime is split by concern (train, optim, data, io, kernels) so that each can be read"
          + " and changed on its own; concerns that use each other are one concern");

  @ArchTest
  static final ArchRule runtime_core_needs_no_concern = noClasses()
      .that().resideInAPackage("dev.netc.runtime")
      .should().dependOnClassesThat().resideInAnyPackage(
          "dev.netc.runtime.train..", "dev.netc.runtime.optim..", "dev.netc.runtime.data..", "dev.netc.runtime.io..")
      .because("dev.netc.runtime holds what generated code and every user touch; training, optimizers, data"
          + " and files build on it, never the other way round");

  private static LayeredArchitecture phases() {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers();
    for (String phase : PHASES) {
      String pkg = phase.equals("root") ? "dev.netc.codegen" : "dev.netc.codegen." + phase + "..";
      layers = layers.layer(phase).definedBy(pkg);
    }
    layers = layers.whereLayer(PHASES.get(0)).mayNotAccessAnyLayer();
    for (int i = 1; i < PHASES.size(); i++) {
      String[] below = PHASES.get(i).equals("draw") ? DRAW_READS.toArray(String[]::new)
          : PHASES.subList(0, i).toArray(String[]::new);
      layers = layers.whereLayer(PHASES.get(i)).mayOnlyAccessLayers(below);
    }
    return layers;
  }
}
