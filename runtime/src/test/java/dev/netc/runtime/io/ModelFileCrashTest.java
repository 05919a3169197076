package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.ClassRoots;
import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash-safe saving: a child JVM saves a model to the same file in a tight loop, and is killed
 * with SIGKILL ({@link Process#destroyForcibly}) at a random moment; the file must then load,
 * intact and whole (every parameter from one and the same save), every time. Rounds:
 * {@code -Dnetc.crash.rounds} (default 10; run 100 locally, see docs/fuzzing.md).
 */
class ModelFileCrashTest {
  @TempDir Path dir;

  static final int IN = 500;
  static final int OUT = 400;

  @Test
  void killDashNineDuringRepeatedSavesNeverLosesTheModel() throws Exception {
    int rounds = Integer.getInteger("netc.crash.rounds", 10);
    Path file = dir.resolve("model.netc");
    SaveLoop.save(file, 0);
    Random random = new Random(Long.getLong("netc.crash.seed", 9));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    long lastValue = 0;
    long savesSeen = 0;
    for (int round = 0; round < rounds; round++) {
      Process p = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", childClassPath(),
          SaveLoop.class.getName(), file.toString(), String.valueOf(lastValue + 1))
          .redirectErrorStream(true).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine(); // the child's first completed save
      assertTrue(first != null && first.startsWith("saved "), "child said: " + first);
      java.util.concurrent.atomic.AtomicLong lastReported =
          new java.util.concurrent.atomic.AtomicLong(Long.parseLong(first.substring(6)));
      Thread reader = new Thread(() -> {
        try {
          String line;
          while ((line = out.readLine()) != null) {
            if (line.startsWith("saved ")) {
              lastReported.set(Long.parseLong(line.substring(6)));
            }
          }
        } catch (IOException closed) {
          // the pipe of a killed process may be closed under us
        }
      });
      reader.start();
      Thread.sleep(random.nextInt(60));
      p.destroyForcibly();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      reader.join(10_000);
      savesSeen += lastReported.get() - lastValue;
      long value = SaveLoop.check(file);
      // a save the child reported as done (after fsync and rename) is never lost
      assertTrue(value >= lastReported.get(), "round " + round + ": the file holds save " + value
          + " but the child had reported save " + lastReported.get());
      lastValue = value;
    }
    // every child completed at least the save it reported before being killed
    assertTrue(savesSeen >= rounds, "completed saves reported by the children: " + savesSeen);
    // left-over temporary files from killed saves never replace the model
    try (var files = Files.list(dir)) {
      assertEquals(1, files.filter(f -> !f.getFileName().toString().startsWith(".")).count());
    }
  }

  /** The child's class path: this test's and the runtime's class roots, then the test class path. */
  private static String childClassPath() throws Exception {
    return ClassRoots.childClassPath(SaveLoop.class, ModelFile.class);
  }

  /** Child JVM: saves forever, every parameter equal to the save counter, printing each save. */
  public static final class SaveLoop {
    public static void main(String[] args) throws IOException {
      Path file = Path.of(args[0]);
      for (long k = Long.parseLong(args[1]); ; k++) {
        save(file, k);
        System.out.println("saved " + k);
        System.out.flush();
      }
    }

    static void save(Path file, long k) throws IOException {
      LinearModel m = new LinearModel("Crash", IN, OUT, LossKind.MSE);
      java.util.Arrays.fill(m.parameters(), (float) k);
      ModelFile.save(m, file);
    }

    /** Loads the file; all parameters must be one save's counter, which is returned. */
    static long check(Path file) throws IOException {
      LinearModel m = new LinearModel("Crash", IN, OUT, LossKind.MSE);
      ModelFile.load(m, file);
      float v = m.parameters()[0];
      for (float f : m.parameters()) {
        assertEquals(v, f, "parameters from two different saves");
      }
      return (long) v;
    }
  }
}
