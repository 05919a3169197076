package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The user path through real Maven: consumer projects from {@code src/it} are built by the Maven
 * that runs this build ({@code maven.home}), against {@code target/local-repo}, where {@code
 * invoker:install} put this plugin, netc-runtime and their dependencies. Third-party artifacts
 * come from the outer build's local repository first (declared as a file repository in a
 * generated settings.xml), then from Central; when the outer build is offline ({@code -o}), the
 * nested builds are too and read only those two repositories.
 */
class NetcMavenPluginIT {
  private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(3);
  private static final String GENERATED = "target/generated-sources/netc/";

  private static Path mavenHome;
  private static Path localRepo;
  private static Path projects;
  private static Path workDir;
  private static Path settings;
  private static String version;

  @BeforeAll
  static void setUp() throws IOException {
    mavenHome = Paths.get(property("maven.home"));
    localRepo = Paths.get(property("netc.it.localRepo")).toAbsolutePath();
    projects = Paths.get(property("netc.it.projects"));
    workDir = Paths.get(property("netc.it.workDir")).toAbsolutePath();
    version = property("netc.it.version");
    assertTrue(Files.isDirectory(localRepo.resolve("dev/netc/netc-maven-plugin")),
        "invoker:install must have installed the plugin into " + localRepo);
    Files.createDirectories(workDir);
    settings = workDir.resolve("settings.xml");
    Files.writeString(settings, settingsXml(outerRepository()));
  }

  @Test
  void editingOnlyTheNetFileRegeneratesAndRecompilesTheModel() throws Exception {
    Path project = copyProject("fashion-mlp");
    Path net = project.resolve("src/main/net/dev/netc/it/FashionMlp.net");
    Path source = project.resolve(GENERATED + "dev/netc/it/FashionMlp.java");
    Path clazz = project.resolve("target/classes/dev/netc/it/FashionMlp.class");

    // (a) first build: generate, compile, and the application code compiles against the model
    Build first = mvn(project, "compile");
    first.assertSucceeded();
    first.assertContains("netc: generated 1 classes from 2 .net files (0 unchanged)");
    assertTrue(Files.isRegularFile(clazz), "compiled model " + clazz);
    assertTrue(Files.isRegularFile(project.resolve("target/classes/dev/netc/it/Main.class")));
    String source1 = Files.readString(source);
    assertTrue(source1.startsWith("package dev.netc.it;") || source1.contains("\npackage dev.netc.it;"),
        "package from the directory below src/main/net");
    assertTrue(source1.contains("classifier_1_dense_1 (heads.net:"),
        "the imported block's layer, named after the call:\n" + source1);
    String run1 = runMain(project);
    assertTrue(run1.contains("parameters=101770"), run1); // 784*128+128 + 128*10+10
    assertTrue(run1.contains("outputs=10"), run1);
    byte[] class1 = Files.readAllBytes(clazz);
    FileTime sourceTime1 = Files.getLastModifiedTime(source);
    FileTime classTime1 = Files.getLastModifiedTime(clazz);

    // (a') nothing changed: the generated source is not rewritten, so javac has nothing to do
    Build again = mvn(project, "compile");
    again.assertSucceeded();
    again.assertContains("netc: generated 1 classes from 2 .net files (1 unchanged)");
    assertEquals(sourceTime1, Files.getLastModifiedTime(source), "unchanged source not rewritten");
    assertEquals(classTime1, Files.getLastModifiedTime(clazz), "unchanged model not recompiled");

    // (b) edit only the .net file: 128 → 64 hidden units
    String text = Files.readString(net);
    assertTrue(text.contains("dense(128, activation: relu);"));
    Files.writeString(net, text.replace("dense(128, activation: relu);", "dense(64, activation: relu);"));
    Build edited = mvn(project, "compile");
    edited.assertSucceeded();
    edited.assertContains("netc: generated 1 classes from 2 .net files (0 unchanged)");
    String source2 = Files.readString(source);
    assertNotEquals(source1, source2, "generated source follows the .net file");
    assertTrue(source2.contains("50890") && !source1.contains("50890"),
        "generated source has the new parameter count:\n" + source2);
    byte[] class2 = Files.readAllBytes(clazz);
    assertFalse(Arrays.equals(class1, class2), "model class recompiled with new content");
    assertTrue(Files.getLastModifiedTime(clazz).compareTo(classTime1) > 0, "model class rewritten");
    String run2 = runMain(project);
    assertTrue(run2.contains("parameters=50890"), run2); // 784*64+64 + 64*10+10
  }

  @Test
  void mistakeInTheNetFileFailsTheBuildAtItsLineAndColumn() throws Exception {
    Path project = copyProject("broken");
    Files.createDirectories(project.resolve("src/main/java"));
    Files.writeString(project.resolve("src/main/java/Stray.net"), "network Stray {}");

    Build build = mvn(project, "compile");

    assertNotEquals(0, build.exitCode, "build must fail:\n" + build.tail());
    Matcher error = Pattern.compile(
            "(?m)^\\[ERROR\\] (\\S*/src/main/net/Broken\\.net:\\[4,13\\] .*activaton.*)$\\R"
                + "^  dense\\(12, activaton: relu\\);$\\R"
                + "^            \\^$")
        .matcher(build.output);
    assertTrue(error.find(), "error at Broken.net:[4,13] with the line and caret:\n" + build.tail());
    System.out.println("[netc IT] error line: [ERROR] " + error.group(1));
    build.assertContains("netc: 1 error(s) in .net files; see above");
    build.assertContains("/src/main/java/Stray.net: not compiled: netc:generate only compiles .net"
        + " files in ");
    build.assertContains("/src/main/net/Broken.net: this file is directly in the source directory");
    build.assertContains("BUILD FAILURE");
    assertFalse(Files.exists(project.resolve("target/classes/Broken.class")));
  }

  @Test
  void anOnnxFileIsImportedCompiledAndItsWeightsAreOnTheClassPath() throws Exception {
    Path project = copyProject("onnx-import");
    Path onnx = project.resolve("src/main/onnx/dev/netc/it/tiny_mlp.onnx");
    float[] params = OnnxFixture.write(onnx, 7);
    Path clazz = project.resolve("target/classes/dev/netc/it/TinyMlp.class");
    Path weights = project.resolve("target/classes/dev/netc/it/TinyMlp.netc");

    Build first = mvn(project, "compile");
    first.assertSucceeded();
    first.assertContains("netc: imported 1 of 1 .onnx files (0 unchanged)");
    first.assertContains("netc: generated 1 classes from 1 .net files (0 unchanged)");
    assertTrue(Files.readString(project.resolve("target/generated-sources/netc-onnx-net/dev/netc/it/TinyMlp.net"))
        .contains("network TinyMlp {"));
    assertTrue(Files.isRegularFile(clazz) && Files.isRegularFile(weights), "class and weights in target/classes");
    String run = runMain(project);
    assertTrue(run.contains("parameters=" + params.length), run);
    float[] expected = OnnxFixture.predict(params, new float[] {0.5f, -1f, 2f});
    String out = run.lines().filter(l -> l.startsWith("out=[")).findFirst().orElseThrow(() -> new AssertionError(run));
    String[] values = out.substring(5, out.length() - 1).split(", ");
    assertEquals(expected.length, values.length, run);
    for (int i = 0; i < values.length; i++) {
      assertEquals(expected[i], Float.parseFloat(values[i]), 1e-5, "output " + i + " of " + out);
    }

    FileTime classTime = Files.getLastModifiedTime(clazz);
    Build again = mvn(project, "compile");
    again.assertSucceeded();
    again.assertContains("netc: imported 0 of 1 .onnx files (1 unchanged)");
    again.assertContains("netc: generated 1 classes from 1 .net files (1 unchanged)");
    assertEquals(classTime, Files.getLastModifiedTime(clazz), "unchanged import not recompiled");

    String node = OnnxFixture.breakFirstNode(onnx);
    Build broken = mvn(project, "compile");
    assertNotEquals(0, broken.exitCode, "build must fail:\n" + broken.tail());
    broken.assertContains("[ERROR] " + onnx + ": node \"" + node + "\" (NonMaxSuppression): netc cannot import op"
        + " type NonMaxSuppression");
    broken.assertContains("netc: 1 .onnx file(s) could not be imported; see above");
  }

  // ---------------------------------------------------------------------------------------------

  private static final class Build {
    final int exitCode;
    final String output;

    Build(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }

    void assertSucceeded() {
      assertEquals(0, exitCode, "nested build failed:\n" + tail());
    }

    void assertContains(String text) {
      assertTrue(output.contains(text), "expected \"" + text + "\" in:\n" + tail());
    }

    String tail() {
      List<String> lines = output.lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
    }
  }

  private static int builds;

  /** Runs {@code mvn -B -ntp goals} in {@code project} with no stdin and a timeout. */
  private static Build mvn(Path project, String... goals) throws Exception {
    boolean windows = System.getProperty("os.name").toLowerCase().startsWith("win");
    List<String> command = new ArrayList<>();
    command.add(mavenHome.resolve("bin").resolve(windows ? "mvn.cmd" : "mvn").toString());
    command.addAll(List.of("-B", "-ntp", "-Dstyle.color=never",
        "-s", settings.toString(), "-Dmaven.repo.local=" + localRepo));
    command.addAll(offlineArguments());
    command.addAll(List.of(goals));
    Path log = workDir.resolve(project.getFileName() + "-build-" + (++builds) + ".log");
    ProcessBuilder pb = new ProcessBuilder(command)
        .directory(project.toFile())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("MAVEN_SKIP_RC", "true"); // no ~/.mavenrc
    pb.environment().remove("MAVEN_ARGS"); // the outer build's arguments are not ours
    long start = System.nanoTime();
    Process process = pb.start();
    if (!process.waitFor(BUILD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("nested build timed out after " + BUILD_TIMEOUT + ": " + command + "\n"
          + new Build(-1, Files.readString(log)).tail());
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.printf("[netc IT] %s: mvn %s -> exit %d in %.1f s (log %s)%n", project.getFileName(),
        String.join(" ", goals), process.exitValue(), (System.nanoTime() - start) / 1e9, log);
    return new Build(process.exitValue(), output);
  }

  /**
   * {@code -o} when the outer build runs offline ({@code netc.it.offline} is {@code offline=true},
   * from {@code settings.offline}), so the nested builds do not try Central either. Maven's resolver counts
   * a {@code file:} repository as remote and refuses it offline unless its protocol is listed as
   * reachable: the outer local repository, declared as such a repository, stays readable.
   */
  static List<String> offlineArguments() {
    return "offline=true".equals(System.getProperty("netc.it.offline"))
        ? List.of("-o", "-Daether.offline.protocols=file")
        : List.of();
  }

  /** Runs the consumer's Main on its classes and the installed netc-runtime. */
  private static String runMain(Path project) throws Exception {
    Path runtimeJar = localRepo.resolve("dev/netc/netc-runtime/" + version
        + "/netc-runtime-" + version + ".jar");
    String classpath = project.resolve("target/classes") + File.pathSeparator + runtimeJar;
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp", classpath, "dev.netc.it.Main")
        .redirectErrorStream(true)
        .start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Main timed out");
    assertEquals(0, process.exitValue(), "Main failed:\n" + output);
    return output;
  }

  /** A fresh copy of {@code src/it/<name>} in target/it with this build's version filled in. */
  private static Path copyProject(String name) throws IOException {
    Path from = projects.resolve(name);
    Path to = workDir.resolve(name);
    deleteRecursively(to);
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else if (file.getFileName().toString().equals("pom.xml")) {
          Files.writeString(target, Files.readString(file).replace("@netc.version@", version));
        } else {
          Files.copy(file, target);
        }
      }
    }
    // Marks the project root, so Maven does not walk up into this repository and use its
    // .mvn/ (maven.config, jvm.config) for the nested build.
    Files.createDirectories(to.resolve(".mvn"));
    return to;
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(file);
      }
    }
  }

  /** The outer build's local repository, or ~/.m2/repository when it was not passed. */
  private static Path outerRepository() {
    String value = System.getProperty("netc.it.outerRepo", "");
    if (value.isBlank() || value.contains("${")) {
      return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }
    return Paths.get(value).toAbsolutePath();
  }

  /**
   * Settings for the nested builds: the outer local repository as a file repository for release
   * artifacts (everything the outer build already downloaded), Central after it for the rest.
   */
  private static String settingsXml(Path outerRepo) {
    String repository = "<id>netc-it-outer</id><url>" + outerRepo.toUri() + "</url>"
        + "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>"
        + "<snapshots><enabled>false</enabled></snapshots>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<settings>\n"
        + "  <profiles>\n"
        + "    <profile>\n"
        + "      <id>netc-it</id>\n"
        + "      <repositories><repository>" + repository + "</repository></repositories>\n"
        + "      <pluginRepositories><pluginRepository>" + repository
        + "</pluginRepository></pluginRepositories>\n"
        + "    </profile>\n"
        + "  </profiles>\n"
        + "  <activeProfiles><activeProfile>netc-it</activeProfile></activeProfiles>\n"
        + "</settings>\n";
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank() || value.contains("${")) {
      fail("system property " + name + " is not set; run this test through failsafe (mvn verify)");
    }
    return value;
  }
}
