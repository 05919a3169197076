package dev.netc.bench.coldstart;

import dev.netc.bench.BenchMlp;
import dev.netc.runtime.io.ModelFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * What an application does to serve its first prediction: load a trained model's weights into the
 * generated class and predict one image. Runs from a jar holding only this class and the generated
 * model classes, plus the runtime jar (peers/coldstart.sh builds both and times fresh processes).
 * Prints {@code PREDICTED class epoch-nanoseconds} at the moment the prediction is available.
 *
 * <p>Usage: {@code ColdStart MODEL_FILE IMAGE_F32} (784 little-endian floats).
 */
public final class ColdStart {
  private ColdStart() {}

  public static void main(String[] args) throws Exception {
    BenchMlp model = new BenchMlp();
    ModelFile.load(model, Path.of(args[0]));
    float[] image = new float[model.inputSize()];
    ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(image);
    int predicted = model.predictClass(image);
    Instant now = Instant.now();
    System.out.println("PREDICTED " + predicted + " " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
  }
}
