package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.squareup.javapoet.JavaFile;
import dev.netc.annotations.NetFiles;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.NetParser;
import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.antlr.v4.runtime.Lexer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code .net} files compiled by the JDK's own {@code javac} process with nothing but a processor
 * path, no Maven: {@code javac -processorpath <netc jars> -sourcepath src/main/java:src/main/net}
 * over src/test/resources/netfiles-consumer, whose {@code @NetFiles} names a network that imports
 * a file of blocks and one that imports the Transformer block bundled with netc. The generated
 * classes are then loaded and trained; a second project's mistake must come out of javac at the
 * {@code .net} line and column.
 */
class NetFilesJavacTest {
  @TempDir Path out;

  @Test
  void javacGeneratesTheModelsAndTheyTrain() throws Exception {
    Path project = resource("netfiles-consumer");
    Javac javac = javac(project);
    assertEquals(0, javac.exitCode, javac.output);
    assertTrue(javac.output.isBlank(), "no warning or note:\n" + javac.output);
    Path classes = out.resolve("classes");
    assertTrue(Files.isRegularFile(out.resolve("generated/dev/netc/demo/Rings.java")));
    assertTrue(Files.isRegularFile(classes.resolve("dev/netc/demo/Sequence.class")));

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
        GeneratedModel.class.getClassLoader())) {
      GeneratedModel rings = model(loader, "dev.netc.demo.Rings");
      rings.initialize(rings.trainingSpec().seed());
      History history = Trainer.builder(rings).seed(rings.trainingSpec().seed()).epochs(30).build().fit(rings());
      double first = history.epochs().get(0).trainLoss();
      double last = history.last().trainLoss();
      System.out.printf("javac-built Rings: loss %.4f -> %.4f over %d epochs%n", first, last, history.size());
      assertTrue(last < 0.5 * first, "training lowers the loss: " + first + " -> " + last);

      GeneratedModel sequence = model(loader, "dev.netc.demo.Sequence");
      sequence.initialize(1);
      float[] steps = new float[6 * 8];
      for (int i = 0; i < steps.length; i++) {
        steps[i] = (float) Math.sin(i * 0.3);
      }
      float[] y = sequence.predict(steps);
      assertEquals(6 * 8, y.length);
      for (float v : y) {
        assertTrue(Float.isFinite(v), "finite output of the bundled transformer block");
      }
    }
  }

  @Test
  void aMistakeComesOutOfJavacAtTheNetLineAndColumn() throws Exception {
    Javac javac = javac(resource("netfiles-broken"));
    assertNotEquals(0, javac.exitCode, javac.output);
    // javac shows the Java line it reports on (the annotation) after the message's first line,
    // then the rest of the message: the .net line and its caret, indented alike
    Matcher error = Pattern.compile("(?m)^(\\S*Networks\\.java):5: error: (\\S*/src/main/net/dev/netc/demo/"
        + "Broken\\.net):4:13: dense: unknown argument 'activaton', did you mean 'activation'\\?$\\R"
        + "^@NetFiles\\(\"dev/netc/demo/Broken\\.net\"\\)$\\R"
        + "^          \\^$\\R"
        + "^( *)  dense\\(12, activaton: relu\\);$\\R"
        + "^\\3            \\^$").matcher(javac.output);
    assertTrue(error.find(), "error at Broken.net:4:13 with the line and caret:\n" + javac.output);
    assertTrue(javac.output.contains("1 error"), javac.output);
    assertTrue(Files.notExists(out.resolve("classes/dev/netc/demo/Broken.class")));
  }

  // ---------------------------------------------------------------------------------------------

  private record Javac(int exitCode, String output) {}

  /** {@code javac} over every Java file of {@code project}, with the netc processor path. */
  private Javac javac(Path project) throws IOException, InterruptedException, URISyntaxException {
    List<String> command = new ArrayList<>(List.of(tool("javac"),
        "-processorpath", processorPath(),
        "-classpath", location(GeneratedModel.class) + File.pathSeparator + location(NetFiles.class),
        "-sourcepath", project.resolve("src/main/java") + File.pathSeparator + project.resolve("src/main/net"),
        "-d", out.resolve("classes").toString(), "-s", out.resolve("generated").toString(),
        // -processing: javac would note that no processor claims the generated classes' @Generated
        "-Xlint:all,-processing", "--release", "17"));
    try (Stream<Path> files = Files.walk(project.resolve("src/main/java"))) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> command.add(p.toString()));
    }
    long start = System.nanoTime();
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getOutputStream().close();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(3, TimeUnit.MINUTES), "javac timed out");
    System.out.printf("javac %s: exit %d in %.1f s%n", project.getFileName(), p.exitValue(),
        (System.nanoTime() - start) / 1e9);
    return new Javac(p.exitValue(), output);
  }

  /**
   * The processor and what it needs at run time, each from the jar or classes directory the build
   * made: the processor, the annotations, codegen, dsl, the runtime, ANTLR's runtime and JavaPoet.
   * Nothing else, so a dependency the processor forgets to declare fails here.
   */
  private static String processorPath() throws URISyntaxException {
    Set<String> entries = new LinkedHashSet<>();
    for (Class<?> c : List.of(NetFilesProcessor.class, NetFiles.class, NetcCompiler.class, NetParser.class,
        GeneratedModel.class, Lexer.class, JavaFile.class)) {
      entries.add(location(c));
    }
    return String.join(File.pathSeparator, entries);
  }

  private static GeneratedModel model(ClassLoader loader, String name) throws ReflectiveOperationException {
    return (GeneratedModel) Class.forName(name, true, loader).getDeclaredConstructor().newInstance();
  }

  /** 512 points, label 1 inside radius 1, 0 on a ring between 1.3 and 2. */
  private static Dataset rings() {
    Random random = new Random(11);
    int n = 512;
    float[] x = new float[2 * n];
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      boolean inside = i % 2 == 0;
      double r = inside ? random.nextDouble() : 1.3 + 0.7 * random.nextDouble();
      double angle = 2 * Math.PI * random.nextDouble();
      x[2 * i] = (float) (r * Math.cos(angle));
      x[2 * i + 1] = (float) (r * Math.sin(angle));
      labels[i] = inside ? 1 : 0;
    }
    return Dataset.classification(x, 2, labels, 2);
  }

  private static String tool(String name) {
    boolean windows = System.getProperty("os.name").startsWith("Windows");
    return Path.of(System.getProperty("java.home"), "bin", windows ? name + ".exe" : name).toString();
  }

  private static String location(Class<?> type) throws URISyntaxException {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }

  private static Path resource(String name) throws URISyntaxException {
    return Path.of(NetFilesJavacTest.class.getResource("/" + name).toURI());
  }
}
