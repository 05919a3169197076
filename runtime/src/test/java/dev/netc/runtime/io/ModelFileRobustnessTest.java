package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model files, exhaustively: every truncation, every single-bit flip, random garbage
 * behind a valid magic and version, absurd declared lengths. Each load fails with a
 * {@link ModelFileException}, never another exception, leaves the model untouched, and never
 * allocates memory in proportion to a length the file merely declares.
 */
class ModelFileRobustnessTest {
  @TempDir Path dir;

  private byte[] good;
  private LinearModel target;

  @BeforeEach
  void setUp() throws IOException {
    LinearModel saved = new LinearModel("Lin", 3, 2, LossKind.MSE);
    saved.initialize(1);
    Path f = dir.resolve("good.netc");
    ModelFile.save(saved, f);
    good = Files.readAllBytes(f);
    target = new LinearModel("Lin", 3, 2, LossKind.MSE);
    target.initialize(2);
  }

  private void rejected(byte[] bytes, String what) throws IOException {
    Path f = dir.resolve("bad.netc");
    Files.write(f, bytes);
    float[] before = target.parameters().clone();
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(target, f), what);
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertArrayEquals(before, target.parameters(), what + ": a failed load changed the parameters");
  }

  @Test
  void everyTruncationIsRejected() throws IOException {
    for (int len = 0; len < good.length; len++) {
      rejected(Arrays.copyOf(good, len), "truncated to " + len);
    }
  }

  @Test
  void everySingleBitFlipIsRejected() throws IOException {
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] b = good.clone();
        b[i] ^= (byte) (1 << bit);
        rejected(b, "bit " + bit + " of byte " + i);
      }
    }
  }

  @Test
  void randomGarbageAfterAValidMagicAndVersionIsRejected() throws IOException {
    Random r = new Random(8);
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[r.nextInt(good.length * 2)];
      r.nextBytes(b);
      if (b.length >= 8) {
        System.arraycopy(good, 0, b, 0, 8);
      }
      rejected(b, "garbage " + i);
    }
  }

  @Test
  void anotherFormatVersionIsRejected() throws IOException {
    for (int v : new int[] {0, 2, -1, Integer.MAX_VALUE}) {
      byte[] b = good.clone();
      ByteBuffer.wrap(b).putInt(4, v);
      rejected(b, "version " + v);
    }
  }

  @Test
  void absurdDeclaredLengthsAllocateNothingProportional() throws IOException {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    int[][] cases = {
        {Integer.MAX_VALUE, 0}, {Integer.MAX_VALUE - 23, 0}, {-1, 0}, {3, Integer.MAX_VALUE},
        {3, Integer.MAX_VALUE / 4}, {3, -5}, {Integer.MIN_VALUE, Integer.MIN_VALUE}};
    for (int[] c : cases) {
      byte[] b = good.clone();
      ByteBuffer buf = ByteBuffer.wrap(b);
      buf.putInt(8, c[0]);
      if (c[0] == 3) {
        buf.putInt(8 + 4 + 3 + 8, c[1]);
      }
      long before = mx.getThreadAllocatedBytes(thread);
      rejected(b, "name length " + c[0] + ", count " + c[1]);
      long allocated = mx.getThreadAllocatedBytes(thread) - before;
      assertTrue(allocated < 4 << 20, "allocated " + allocated + " bytes for a " + b.length + "-byte file");
    }
  }

  @Test
  void aFileForAnotherNetworkIsRejected() throws IOException {
    LinearModel other = new LinearModel("Other", 3, 2, LossKind.MSE);
    Path f = dir.resolve("other.netc");
    ModelFile.save(other, f);
    rejected(Files.readAllBytes(f), "other network");
    LinearModel bigger = new LinearModel("Lin", 4, 2, LossKind.MSE);
    ModelFile.save(bigger, f);
    rejected(Files.readAllBytes(f), "other layout");
  }
}
