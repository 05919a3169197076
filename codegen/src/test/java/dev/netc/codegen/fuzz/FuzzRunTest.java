package dev.netc.codegen.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A bounded coverage-guided fuzzing run as part of the normal suite: Jazzer's standalone driver
 * (libFuzzer inside) in a child JVM, on {@link CompilerFuzzTarget}, seeded with the regression
 * corpus of {@link CompilerFuzzTest}. Jazzer's JUnit fuzzing mode needs {@code JAZZER_FUZZ=1} in
 * the environment of the test JVM, which a plain {@code mvn test} does not set; a child JVM does
 * not need it. Duration: {@code -Dnetc.fuzz.seconds=60} (the default; 0 skips it, reported as skipped). The run's figures
 * land in {@code target/fuzz/stats.txt}; a crash fails the test with the reproducer's path.
 */
class FuzzRunTest {

  private static final Pattern DONE = Pattern.compile("Done (\\d+) runs in (\\d+) second");
  private static final Pattern CORPUS = Pattern.compile("#\\d+\\s+\\w+\\s+cov: (\\d+) ft: (\\d+) corp: (\\d+)/");

  @Test
  void boundedFuzzingRunFindsNoCrash() throws Exception {
    int seconds = Integer.getInteger("netc.fuzz.seconds", 60);
    Assumptions.assumeTrue(seconds > 0, "fuzzing run skipped: -Dnetc.fuzz.seconds=" + seconds);
    Path dir = Path.of("target", "fuzz").toAbsolutePath();
    Path corpus = dir.resolve("corpus");
    Path crashes = dir.resolve("crashes");
    Files.createDirectories(corpus);
    Files.createDirectories(crashes);
    Path seeds = seeds();
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx1g", "-Xss4m",
        "-cp", System.getProperty("java.class.path"),
        "com.code_intelligence.jazzer.Jazzer",
        "--target_class=" + CompilerFuzzTarget.class.getName(),
        "--instrumentation_includes=dev.netc.**",
        "-max_total_time=" + seconds,
        // the first input pays for instrumenting every class it reaches: 32 s once on a 2-core
        // machine at load 17, reported as a timeout of the empty input. Any one input compiles in
        // well under a second, so 120 s still catches a hang.
        "-timeout=120",
        // the JVM with Jazzer's instrumentation and javac in process peaks above 3 GB RSS before its
        // first input on some runs; the machine has 24 GB
        "-rss_limit_mb=8192",
        "-max_len=4096",
        "-seed=" + Long.getLong("netc.fuzz.seed", 1),
        "-artifact_prefix=" + crashes + "/",
        // Jazzer's Java reproducer of a crash, else written to the working directory (one was
        // committed at codegen/ by accident)
        "--reproducer_path=" + crashes,
        "-print_final_stats=1"));
    Path dict = Path.of(FuzzRunTest.class.getResource("/fuzz/net.dict").toURI());
    command.add("-dict=" + dict);
    command.add(corpus.toString());
    command.add(seeds.toString());
    Path log = dir.resolve("jazzer.log");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(seconds + 240L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("fuzzing run did not stop; see " + log);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    long runs = -1;
    Matcher done = DONE.matcher(out);
    while (done.find()) {
      runs = Long.parseLong(done.group(1));
    }
    String cov = "?";
    int corpusSize = -1;
    Matcher m = CORPUS.matcher(out);
    while (m.find()) {
      cov = m.group(1);
      corpusSize = Integer.parseInt(m.group(3));
    }
    String stats = "seconds=" + seconds + " executions=" + runs + " corpus=" + corpusSize + " coverage=" + cov
        + " exit=" + p.exitValue() + System.lineSeparator();
    Files.writeString(dir.resolve("stats.txt"), stats);
    assertEquals(0, p.exitValue(), "Jazzer found a problem; reproducer in " + crashes + ", log " + log
        + ":\n" + tail(out));
    assertTrue(runs > 0, "no fuzzing statistics in " + log + ":\n" + tail(out));
  }

  private static Path seeds() throws URISyntaxException, IOException {
    Path seeds = Path.of(FuzzRunTest.class.getResource(
        "/dev/netc/codegen/fuzz/CompilerFuzzTestInputs/compile").toURI());
    try (Stream<Path> files = Files.list(seeds)) {
      assertTrue(files.findAny().isPresent(), "no seeds in " + seeds);
    }
    return seeds;
  }

  private static String tail(String s) {
    return s.length() <= 6000 ? s : s.substring(s.length() - 6000);
  }
}
