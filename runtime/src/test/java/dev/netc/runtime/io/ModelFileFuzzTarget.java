package dev.netc.runtime.io;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.ThreadAllocation;
import dev.netc.runtime.TwoLayerModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Optimizers;
import dev.netc.runtime.train.NonFiniteLossException;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * The property of model files (docs/fuzzing.md): whatever the bytes, {@link ModelFile#load},
 * {@link ModelFile#loadCheckpoint} and {@link ModelFile#loadPretrained} either succeed or throw a
 * {@link ModelFileException} whose message starts with the file's path; a failed load leaves the
 * model's parameters as they were; a load allocates no more than a small multiple of the file's
 * size; and a checkpoint that loads resumes training (its optimizer state fits the model).
 *
 * <p>Input layout: one mode byte, then the file. Bit 0 of the mode rewrites the file's last four
 * bytes with the CRC32 of the rest, so that mutations get past the checksum into the structure;
 * bits 1-2 choose what is loaded: version-agnostic {@code load} into {@code Lin} (a {@link
 * LinearModel} 3 to 2), {@code loadCheckpoint} into {@code Two} (a {@link TwoLayerModel} 4-8-3)
 * followed by a resumed epoch of AdamW, {@code loadPretrained} into {@code Lin}, or {@code load}
 * into {@code Two}. Seeds: {@link ModelFileFuzzSeeds}.
 */
public final class ModelFileFuzzTarget {
  private static final Path FILE = tempFile();
  /** Bytes a load may allocate beyond {@link #PER_FILE_BYTE} per byte of the file. */
  private static final long FIXED = 1 << 20;
  /** Reading the file, the decoded parameters and state, their copies: a few bytes per file byte. */
  private static final long PER_FILE_BYTE = 16;

  private ModelFileFuzzTarget() {}

  /** The four ways a file is loaded, chosen by bits 1-2 of the mode byte. */
  enum Use { LOAD_LINEAR, CHECKPOINT_TWO_LAYER, PRETRAINED_LINEAR, LOAD_TWO_LAYER }

  public static void fuzzerTestOneInput(byte[] data) {
    ThreadAllocation.twiceIfExcessive(() -> checkInput(data));
  }

  private static void checkInput(byte[] data) {
    if (data.length == 0) {
      return;
    }
    byte[] file = Arrays.copyOfRange(data, 1, data.length);
    if ((data[0] & 1) != 0) {
      fixChecksum(file);
    }
    try {
      Files.write(FILE, file);
      check(Use.values()[(data[0] >> 1) & 3], file.length);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Makes the last four bytes the CRC32 of the bytes before them, as a writer would. */
  static void fixChecksum(byte[] file) {
    if (file.length >= 4) {
      CRC32 crc = new CRC32();
      crc.update(file, 0, file.length - 4);
      ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
    }
  }

  private static void check(Use use, int length) throws IOException {
    GeneratedModel model = use == Use.LOAD_LINEAR || use == Use.PRETRAINED_LINEAR
        ? new LinearModel("Lin", 3, 2, LossKind.MSE)
        : new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0f);
    model.initialize(5);
    float[] before = model.parameters().clone();
    TrainingState state = null;
    long start = ThreadAllocation.bytes();
    try {
      switch (use) {
        case LOAD_LINEAR, LOAD_TWO_LAYER -> ModelFile.load(model, FILE);
        case CHECKPOINT_TWO_LAYER -> state = ModelFile.loadCheckpoint(model, FILE);
        case PRETRAINED_LINEAR -> ModelFile.loadPretrained(model, FILE);
      }
    } catch (ModelFileException e) {
      if (!e.getMessage().startsWith(FILE + ": ") || e.problem().isBlank()) {
        throw new AssertionError("the message must name the file and the problem: " + e.getMessage(), e);
      }
      if (!Arrays.equals(before, model.parameters())) {
        throw new AssertionError("a failed load (" + e.getMessage() + ") changed the parameters");
      }
      return;
    } finally {
      ThreadAllocation.requireAtMost(start, FIXED + PER_FILE_BYTE * length, use + " of a " + length + "-byte file");
    }
    if (state != null) {
      resume(model, state);
    }
  }

  /** One epoch from the checkpoint's state: what {@link Trainer#restore} promises for a file that loaded. */
  private static void resume(GeneratedModel model, TrainingState state) {
    float[] x = new float[12 * 4];
    int[] labels = new int[12];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = i % 3;
      x[4 * i + labels[i]] = 1;
    }
    Trainer trainer = Trainer.builder(model).optimizer(Optimizers.adamW(0.01, 0.01))
        .epochs(state.epoch() < 1000 ? state.epoch() + 1 : 1).batchSize(4).seed(7).build();
    trainer.restore(state);
    try {
      trainer.fit(Dataset.classification(x, 4, labels, 3));
    } catch (IllegalArgumentException e) {
      // another optimizer's state than this trainer's, or one without the buffers it needs:
      // Trainer.restore's documented refusal, naming the optimizer state
      if (!e.getMessage().startsWith("optimizer state ")) {
        throw e;
      }
    } catch (NonFiniteLossException e) {
      // parameters or state that hold NaN or infinities: fit's documented refusal
    }
  }

  private static Path tempFile() {
    try {
      Path f = Files.createTempFile("netc-fuzz-", ".netc");
      f.toFile().deleteOnExit();
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
