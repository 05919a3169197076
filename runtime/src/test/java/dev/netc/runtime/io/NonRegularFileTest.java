package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files and checkpoints are regular files: a FIFO would block a load forever. */
class NonRegularFileTest {
  @TempDir Path dir;

  @Test
  void loadingFromAFifoFailsAtOnceNamingTheFile() {
    Path fifo = dir.resolve("model.fifo");
    Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is not available");
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
      IOException e = assertThrows(IOException.class, () -> ModelFile.load(m, fifo));
      assertEquals(fifo + ": the model file is a FIFO, socket or device, not a regular file; netc reads"
          + " and writes only regular files (a FIFO would block forever), so give the path of the file"
          + " itself", e.getMessage());
      assertThrows(IOException.class, () -> ModelFile.loadCheckpoint(m, fifo));
      assertThrows(IOException.class, () -> ModelFile.loadPretrained(m, fifo));
    });
  }

  @Test
  void savingOverAFifoOrDirectoryIsRefusedInsteadOfReplacingIt() throws IOException {
    LinearModel m = new LinearModel("Lin", 2, 1, LossKind.MSE);
    m.initialize(1);
    Path d = Files.createDirectory(dir.resolve("checkpoint.netc"));
    IOException e = assertThrows(IOException.class, () -> ModelFile.save(m, d, null));
    assertTrue(e.getMessage().contains("the file to replace is a directory"), e.getMessage());
    Path fifo = dir.resolve("checkpoint.fifo");
    Assumptions.assumeTrue(mkfifo(fifo), "mkfifo is not available");
    e = assertThrows(IOException.class, () -> ModelFile.save(m, fifo));
    assertTrue(e.getMessage().contains("the file to replace is a FIFO"), e.getMessage());
    assertTrue(Files.isRegularFile(fifo) == false && Files.exists(fifo), "the FIFO is left alone");
  }

  static boolean mkfifo(Path fifo) {
    try {
      return new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
