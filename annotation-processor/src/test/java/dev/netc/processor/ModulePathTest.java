package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netc.annotations.Network;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.GeneratedModel;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A modular application (src/test/resources/modular-consumer) that uses netc the way a user's
 * would: a model generated from a .net file by {@link NetcCompiler} and one generated from an
 * {@code @Network} interface by this processor, both compiled into the application's module with
 * the real {@code javac} against {@code dev.netc.runtime} on the module path, then trained and
 * reloaded in a separate JVM started with {@code --module}, and in a {@code jlink} image.
 */
class ModulePathTest {
  private static final String MODULE = "dev.netc.consumer";
  private static final String MAIN = MODULE + "/dev.netc.consumer.Main";
  private static final String[] SOURCES = {"module-info.java", "Main.java", "XorNet.java"};

  @TempDir static Path dir;
  private static Path classes;
  private static String runtime;
  private static String javacOutput;

  @BeforeAll
  static void compileTheConsumerModule() throws Exception {
    runtime = location(GeneratedModel.class);
    Path src = dir.resolve("src");
    Path pkg = Files.createDirectories(src.resolve("dev/netc/consumer"));
    for (String name : SOURCES) {
      Files.writeString(name.equals("module-info.java") ? src.resolve(name) : pkg.resolve(name),
          resource(name));
    }
    CompileResult net = NetcCompiler.compile(new SourceFile("Xor.net", resource("Xor.net")), "dev.netc.consumer");
    assertFalse(net.hasErrors(), net.diagnostics().toString());
    for (GeneratedSource s : net.sources()) {
      Files.writeString(src.resolve(s.relativePath()), s.code());
    }
    classes = dir.resolve("classes");
    List<String> javac = new ArrayList<>(List.of(tool("javac"), "-d", classes.toString(),
        // the runtime and the annotations as the named modules of their jars
        "--module-path", runtime + File.pathSeparator + location(Network.class),
        // the processor from the processor path, as Maven's annotationProcessorPaths passes it
        "-processorpath", System.getProperty("java.class.path")));
    try (Stream<Path> files = Files.walk(src)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> javac.add(p.toString()));
    }
    javacOutput = run(javac);
    assertTrue(Files.exists(classes.resolve("dev/netc/consumer/XorNetModel.class")),
        "the processor generated XorNetModel into the module");
  }

  @Test
  void compilesWithoutWarnings() {
    // e.g. no "using incubating module(s)": the runtime's descriptor must not name the Vector API
    assertFalse(javacOutput.contains("warning"), javacOutput);
  }

  @Test
  void trainsAndPredictsOnTheModulePath() throws Exception {
    // the annotations are not on the run-time module path: requires static
    String out = run(List.of(tool("java"), "--module-path", classes + File.pathSeparator + runtime,
        "--module", MAIN));
    assertTrainedBothModels(out);
    assertTrue(out.contains("simd kernels: false"), out);
  }

  @Test
  void getsTheSimdKernelsWhenTheVectorModuleIsAdded() throws Exception {
    // requires static jdk.incubator.vector: the runtime reads the module once the JVM adds it
    String out = run(List.of(tool("java"), "--add-modules", "jdk.incubator.vector",
        "--module-path", classes + File.pathSeparator + runtime, "--module", MAIN));
    assertTrue(out.contains("simd kernels: true"), out);
    assertTrainedBothModels(out);
  }

  @Test
  void runsInAJlinkImage() throws Exception {
    Path jmods = Path.of(System.getProperty("java.home"), "jmods");
    assumeTrue(Files.isDirectory(jmods), "this JDK has no jmods directory to link from");
    Path image = dir.resolve("image");
    run(List.of(tool("jlink"), "--module-path",
        jmods + File.pathSeparator + classes + File.pathSeparator + runtime,
        "--add-modules", MODULE, "--output", image.toString(),
        "--strip-debug", "--no-header-files", "--no-man-pages"));
    Path java = image.resolve("bin").resolve(tool("java").substring(tool("java").lastIndexOf(File.separator) + 1));
    String modules = run(List.of(java.toString(), "--list-modules"));
    String out = run(List.of(java.toString(), "--module", MAIN));
    assertTrue(modules.contains("dev.netc.runtime"), modules);
    assertFalse(modules.contains("dev.netc.annotations"), modules);
    assertTrainedBothModels(out);
  }

  /** Both models learnt XOR, reload to the same predictions, and (same seed) agree exactly. */
  private static void assertTrainedBothModels(String out) {
    assertTrue(out.contains("consumer module: " + MODULE), out);
    assertTrue(out.contains("runtime module: dev.netc.runtime"), out);
    Pattern line = Pattern.compile("(Xor|XorNetModel) \\(module " + Pattern.quote(MODULE)
        + "\\): predictions ([0-9. ]+); 4/4 correct; final loss [0-9.]+; reloaded from file: same");
    Matcher m = line.matcher(out);
    List<String> predictions = new ArrayList<>();
    while (m.find()) {
      predictions.add(m.group(2));
    }
    assertEquals(2, predictions.size(), out);
    assertEquals(predictions.get(0), predictions.get(1), "the .net and the annotated model differ\n" + out);
  }

  /** Runs {@code command}, returns its output; fails with the output unless it exits with 0. */
  private static String run(List<String> command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(5, TimeUnit.MINUTES), "timed out: " + command);
    assertEquals(0, p.exitValue(), String.join(" ", command) + "\n" + out);
    return out;
  }

  private static String tool(String name) {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? name + ".exe" : name).toString();
  }

  /** The jar or classes directory {@code type} came from: a named module's location. */
  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = ModulePathTest.class.getResourceAsStream("/modular-consumer/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
