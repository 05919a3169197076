package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints whose checksum is right but whose training state no writer produces (found by
 * fuzzing {@link ModelFileFuzzTarget}; the crash inputs are in its regression corpus): refused by
 * the load, with the model untouched, instead of failing or looping when training resumes.
 */
class CorruptCheckpointTest {
  @TempDir Path dir;

  private byte[] good;
  /** Where the optimizer's name ("adamw", length-prefixed) starts in {@link #good}. */
  private int name;

  @BeforeEach
  void save() throws IOException {
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    m.initialize(1);
    float[] x = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0};
    Trainer t = Trainer.builder(m).optimizer(Optimizers.adamW(0.01, 0.01)).epochs(2).batchSize(3).seed(3).build();
    t.fit(Dataset.classification(x, 4, new int[] {0, 1, 2}, 3));
    Path f = dir.resolve("ckpt.netc");
    ModelFile.save(m, f, t.trainingState());
    good = Files.readAllBytes(f);
    name = indexOf(good, new byte[] {0, 0, 0, 5, 'a', 'd', 'a', 'm', 'w'});
  }

  private static int indexOf(byte[] b, byte[] what) {
    for (int i = 0; i + what.length <= b.length; i++) {
      if (Arrays.equals(b, i, i + what.length, what, 0, what.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private ModelFileException refused(byte[] bytes) throws IOException {
    ModelFileFuzzTarget.fixChecksum(bytes);
    Path f = dir.resolve("bad.netc");
    Files.write(f, bytes);
    TwoLayerModel target = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    target.initialize(9);
    float[] before = target.parameters().clone();
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.loadCheckpoint(target, f));
    assertArrayEquals(before, target.parameters(), "a refused checkpoint changed the parameters");
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    return e;
  }

  @Test
  void aNegativeEpochIsRefused() throws IOException {
    byte[] b = good.clone();
    // epoch, three generator states, base rate and the has-optimizer byte precede the name
    ByteBuffer.wrap(b).putInt(name - 1 - 8 - 24 - 4, -150_994_941);
    assertEquals("corrupt training state: epoch -150994941", refused(b).problem());
  }

  @Test
  void aNegativeStepCountIsRefused() throws IOException {
    byte[] b = good.clone();
    ByteBuffer.wrap(b).putLong(name + 9, -1);
    assertEquals("corrupt training state: adamw at step -1", refused(b).problem());
  }

  /** crash-caf4de45…: the rate was refused only by the optimizer, inside fit. */
  @Test
  void aNegativeOrNonFiniteLearningRateIsRefused() throws IOException {
    byte[] b = good.clone();
    ByteBuffer.wrap(b).putDouble(name - 1 - 8, -440.3675);
    assertEquals("corrupt training state: base learning rate -440.3675", refused(b).problem());
    b = good.clone();
    ByteBuffer.wrap(b).putDouble(name + 9 + 8, Double.NaN);
    assertEquals("corrupt training state: adamw learning rate NaN", refused(b).problem());
    b = good.clone();
    ByteBuffer.wrap(b).putDouble(name + 9 + 8, Double.POSITIVE_INFINITY);
    assertEquals("corrupt training state: adamw learning rate Infinity", refused(b).problem());
  }

  @Test
  void anOptimizerBufferOfAnotherLengthIsRefused() throws IOException {
    int lengthAt = name + 9 + 8 + 8 + 4 + 4 + "exp_avg".length();
    assertEquals(67, ByteBuffer.wrap(good).getInt(lengthAt), "TwoLayerModel 4-8-3 has 67 parameters");
    // one float fewer in exp_avg, with its count to match: structurally sound, wrong for the model
    byte[] b = new byte[good.length - 4];
    System.arraycopy(good, 0, b, 0, lengthAt + 4);
    System.arraycopy(good, lengthAt + 8, b, lengthAt + 4, good.length - lengthAt - 8);
    ByteBuffer.wrap(b).putInt(lengthAt, 66);
    assertEquals("corrupt training state: adamw buffer 'exp_avg' holds 66 values for 67 parameters",
        refused(b).problem());
  }

  @Test
  void aStateWithoutTheOptimizersBuffersLoadsButResumingSaysWhatIsMissing() throws IOException {
    int countAt = name + 9 + 8 + 8;
    byte[] b = Arrays.copyOf(good, countAt + 4 + 4);
    ByteBuffer.wrap(b).putInt(countAt, 0);
    ModelFileFuzzTarget.fixChecksum(b);
    Path f = dir.resolve("no-buffers.netc");
    Files.write(f, b);
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    TrainingState state = ModelFile.loadCheckpoint(m, f);
    assertEquals("adamw", state.optimizer().name());
    Trainer t = Trainer.builder(m).optimizer(Optimizers.adamW(0.01, 0.01)).epochs(3).batchSize(3).seed(3).build();
    t.restore(state);
    Dataset data = Dataset.classification(new float[] {1, 0, 0, 0}, 4, new int[] {0}, 3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.fit(data));
    assertEquals("optimizer state adamw lacks a valid 'exp_avg' buffer", e.getMessage());
  }
}
