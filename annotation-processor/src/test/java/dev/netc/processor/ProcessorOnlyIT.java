package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A Maven project that compiles its {@code .net} files with the annotation processor alone, no
 * netc-maven-plugin: {@code src/it/processor-only} is built by the Maven that runs this build
 * ({@code maven.home}) against {@code target/local-repo}, where {@code invoker:install} put the
 * processor, netc-runtime and their dependencies; third-party artifacts come from the outer
 * build's local repository first (a file repository in a generated settings.xml), then Central.
 * The same mechanism as netc-maven-plugin's {@code NetcMavenPluginIT}.
 */
class ProcessorOnlyIT {
  private static final long BUILD_TIMEOUT_MINUTES = 3;

  @Test
  void javacGeneratesTheModelFromTheNetFileAndTheApplicationTrainsIt() throws Exception {
    Path work = Paths.get(property("netc.it.workDir")).toAbsolutePath();
    Path localRepo = Paths.get(property("netc.it.localRepo")).toAbsolutePath();
    String version = property("netc.it.version");
    assertTrue(Files.isDirectory(localRepo.resolve("dev/netc/netc-annotation-processor")),
        "invoker:install must have installed the processor into " + localRepo);
    Files.createDirectories(work);
    Path settings = work.resolve("settings.xml");
    Files.writeString(settings, settingsXml(outerRepository()));
    Path project = copyProject("processor-only", work, version);
    Path generated = project.resolve("target/generated-sources/annotations/dev/netc/it/Rings.java");

    String first = mvn(project, settings, localRepo, work, "compile");
    assertTrue(!first.contains("netc-maven-plugin"), "no netc-maven-plugin in the build:\n" + tail(first));
    assertTrue(Files.isRegularFile(generated), "javac's processor generated " + generated + "\n" + tail(first));
    assertTrue(Files.readString(generated).contains("hidden_1_dense_1 (layers.net:"),
        "the imported block's layer, named after the call");
    String run = runMain(project, localRepo, version);
    assertTrue(run.contains("parameters=354"), run); // 2*16+16 + 16*16+16 + 16*2+2
    Matcher loss = Pattern.compile("loss ([0-9.]+) -> ([0-9.]+)").matcher(run);
    assertTrue(loss.find(), run);
    double before = Double.parseDouble(loss.group(1));
    double after = Double.parseDouble(loss.group(2));
    assertTrue(after < 0.5 * before, "training lowers the loss: " + run);

    // the trade-off the README states: an edit to the .net file alone does not make
    // maven-compiler-plugin run javac again, so the processor does not see it
    Path net = project.resolve("src/main/net/dev/netc/it/Rings.net");
    String text = Files.readString(net);
    FileTime generatedTime = Files.getLastModifiedTime(generated);
    Files.writeString(net, text.replace("hidden(16);", "hidden(8);"));
    String second = mvn(project, settings, localRepo, work, "compile");
    assertTrue(second.contains("Nothing to compile - all classes are up to date"), tail(second));
    assertEquals(generatedTime, Files.getLastModifiedTime(generated), "javac did not run again");
  }

  // ---------------------------------------------------------------------------------------------

  private static int builds;

  /** Runs {@code mvn -B -ntp goals} in {@code project}; fails unless it succeeds; returns its output. */
  private static String mvn(Path project, Path settings, Path localRepo, Path work, String... goals)
      throws Exception {
    boolean windows = System.getProperty("os.name").toLowerCase().startsWith("win");
    List<String> command = new ArrayList<>();
    command.add(Paths.get(property("maven.home"), "bin", windows ? "mvn.cmd" : "mvn").toString());
    command.addAll(List.of("-B", "-ntp", "-Dstyle.color=never", "-s", settings.toString(),
        "-Dmaven.repo.local=" + localRepo));
    command.addAll(List.of(goals));
    Path log = work.resolve(project.getFileName() + "-build-" + (++builds) + ".log");
    ProcessBuilder pb = new ProcessBuilder(command).directory(project.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File(windows ? "NUL" : "/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("MAVEN_SKIP_RC", "true"); // no ~/.mavenrc
    pb.environment().remove("MAVEN_ARGS"); // the outer build's arguments are not ours
    long start = System.nanoTime();
    Process process = pb.start();
    if (!process.waitFor(BUILD_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
      fail("nested build timed out: " + command + "\n" + tail(Files.readString(log)));
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    System.out.printf("[netc IT] %s: mvn %s -> exit %d in %.1f s (log %s)%n", project.getFileName(),
        String.join(" ", goals), process.exitValue(), (System.nanoTime() - start) / 1e9, log);
    assertEquals(0, process.exitValue(), "nested build failed:\n" + tail(output));
    return output;
  }

  /** Runs the consumer's Main on its classes and the installed netc-runtime. */
  private static String runMain(Path project, Path localRepo, String version) throws Exception {
    Path runtimeJar = localRepo.resolve("dev/netc/netc-runtime/" + version + "/netc-runtime-" + version + ".jar");
    Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(java.toString(), "-cp",
        project.resolve("target/classes") + File.pathSeparator + runtimeJar, "dev.netc.it.Main")
        .redirectErrorStream(true).start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Main timed out");
    assertEquals(0, process.exitValue(), "Main failed:\n" + output);
    return output;
  }

  /** A fresh copy of {@code src/it/<name>} in the work directory with this build's version filled in. */
  private static Path copyProject(String name, Path work, String version) throws IOException {
    Path from = Paths.get(property("netc.it.projects")).resolve(name);
    Path to = work.resolve(name);
    if (Files.exists(to)) {
      try (Stream<Path> files = Files.walk(to)) {
        for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
          Files.delete(file);
        }
      }
    }
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
    // marks the project root, so Maven does not walk up into this repository's .mvn/
    Files.createDirectories(to.resolve(".mvn"));
    return to;
  }

  /** The outer build's local repository, or ~/.m2/repository when it was not passed. */
  private static Path outerRepository() {
    String value = System.getProperty("netc.it.outerRepo", "");
    if (value.isBlank() || value.contains("${")) {
      return Paths.get(System.getProperty("user.home"), ".m2", "repository");
    }
    return Paths.get(value).toAbsolutePath();
  }

  /** The outer local repository as a file repository for release artifacts, Central after it. */
  private static String settingsXml(Path outerRepo) {
    String repository = "<id>netc-it-outer</id><url>" + outerRepo.toUri() + "</url>"
        + "<releases><enabled>true</enabled><checksumPolicy>ignore</checksumPolicy></releases>"
        + "<snapshots><enabled>false</enabled></snapshots>";
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<settings>\n  <profiles>\n    <profile>\n"
        + "      <id>netc-it</id>\n"
        + "      <repositories><repository>" + repository + "</repository></repositories>\n"
        + "      <pluginRepositories><pluginRepository>" + repository + "</pluginRepository></pluginRepositories>\n"
        + "    </profile>\n  </profiles>\n"
        + "  <activeProfiles><activeProfile>netc-it</activeProfile></activeProfiles>\n</settings>\n";
  }

  private static String tail(String output) {
    List<String> lines = output.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 120), lines.size()));
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank() || value.contains("${")) {
      fail("system property " + name + " is not set; run this test through failsafe (mvn verify)");
    }
    return value;
  }
}
