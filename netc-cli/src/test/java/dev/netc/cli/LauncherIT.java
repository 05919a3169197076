package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged command as users run it: the launcher script {@code src/main/bin/netc} starting
 * {@code netc-cli-<version>-all.jar} in a new JVM (after {@code package}, run by failsafe). The
 * shaded jar must start, find its version, and compile a network in process against the runtime
 * inside itself.
 */
class LauncherIT {
  static Path jar;
  static final Path SCRIPT = Path.of("src/main/bin/netc").toAbsolutePath();

  @TempDir
  Path dir;

  @BeforeAll
  static void findJar() {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "the launcher is a bash script");
    jar = Path.of(System.getProperty("netc.cli.jar", "target/netc-cli-all.jar")).toAbsolutePath();
    assertTrue(Files.isRegularFile(jar), "no " + jar + ": run this test after package");
  }

  record Result(int status, String out, String err) {}

  Result netc(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("/bin/bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().put("NETC_JAR", jar.toString());
    builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
    builder.redirectOutput(dir.resolve("stdout").toFile()).redirectError(dir.resolve("stderr").toFile());
    Process process = builder.start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "netc " + String.join(" ", args) + " did not finish");
    return new Result(process.exitValue(), Files.readString(dir.resolve("stdout"), StandardCharsets.UTF_8),
        Files.readString(dir.resolve("stderr"), StandardCharsets.UTF_8));
  }

  /** The shaded jar bundles ANTLR, whose BSD licence asks binary copies to carry its text. */
  @Test
  void theShadedJarCarriesTheNoticesOfWhatItBundles() throws IOException {
    try (JarFile shaded = new JarFile(jar.toFile())) {
      for (String entry : List.of("META-INF/LICENSE", "META-INF/NOTICE", "META-INF/licenses/antlr4-BSD-3-Clause.txt")) {
        assertTrue(shaded.getEntry(entry) != null, "no " + entry + " in " + jar);
      }
      String antlr = new String(shaded.getInputStream(shaded.getEntry("META-INF/licenses/antlr4-BSD-3-Clause.txt"))
          .readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(antlr.contains("The ANTLR Project") && antlr.contains("Redistributions in binary form"), antlr);
      String notice = new String(shaded.getInputStream(shaded.getEntry("META-INF/NOTICE")).readAllBytes(),
          StandardCharsets.UTF_8);
      assertTrue(notice.contains("licenses/antlr4-BSD-3-Clause.txt"), "NOTICE names the licence file");
    }
  }

  @Test
  void theLauncherRunsTheJarAndPassesItsExitStatus() throws Exception {
    Result version = netc("--version");
    assertEquals(0, version.status(), version.toString());
    assertTrue(version.out().startsWith("netc " + System.getProperty("netc.cli.version", "")), version.toString());
    assertEquals("", version.err(), "the JVM's incubator notice is filtered out");

    Cli.write(dir, "Bad.net", Cli.XOR.replace("dense(1,", "dnse(1,"));
    Result bad = netc("check", "Bad.net");
    assertEquals(1, bad.status(), bad.toString());
    assertTrue(bad.err().startsWith("Bad.net:4:9: error: unknown op 'dnse'"), bad.toString());

    Result usage = netc("check", "--strict", "Bad.net");
    assertEquals(2, usage.status(), usage.toString());
    assertTrue(usage.err().startsWith("error: Unknown option: '--strict'"), usage.toString());
  }

  @Test
  void theShadedJarCompilesTrainsAndRunsANetwork() throws Exception {
    Cli.write(dir, "Blobs.net", TrainEvalPredictTest.BLOBS);
    Cli.write(dir, "train.csv", TrainEvalPredictTest.points(400, 1, true));
    Cli.write(dir, "points.csv", TrainEvalPredictTest.points(5, 3, false));
    Result train = netc("train", "Blobs.net", "--data", "train.csv", "--save", "blobs.netc", "--epochs", "3");
    assertEquals(0, train.status(), train.toString());
    assertTrue(train.out().contains("epoch 3/3") && train.out().endsWith("saved blobs.netc\n"), train.toString());
    Result predict = netc("predict", "blobs.netc", "--net", "Blobs.net", "--input", "points.csv");
    assertEquals(0, predict.status(), predict.toString());
    assertEquals(6, predict.out().lines().count(), predict.toString());
    assertTrue(predict.out().startsWith("class,p0,p1\n"), predict.toString());
  }
}
