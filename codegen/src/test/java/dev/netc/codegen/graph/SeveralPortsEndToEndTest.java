package dev.netc.codegen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.io.ModelFileException;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated network with two inputs and two outputs through the user-facing runtime API, with
 * no hand packing: a dataset from one array per port, training, accuracy on the classifier output,
 * a model file that records the ports, prediction by name.
 */
class SeveralPortsEndToEndTest {
  @TempDir Path dir;

  /**
   * The class is the sign of (sum of the image) times the sign of the scalar, so it needs both
   * inputs; {@code mean} regresses the image's mean. {@code order} is the output statement.
   */
  private static String source(String scalarName, String order) {
    return """
        network ImageAndScalar {
          input image: float[1, 6, 6];
          input %1$s: float[1];
          features = conv2d(image, 4, kernel: 3, activation: tanh) -> flatten -> dense(8, activation: tanh);
          s = dense(%1$s, 8, activation: tanh);
          joined = concat(features, s);
          logits = dense(joined, 16, activation: tanh) -> dense(2);
          mean = dense(features, 1);
          output %2$s;
          loss softmax_cross_entropy(logits);
          loss mse(mean, weight: 0.1);
          optimizer adam(lr: 0.01);
        }
        """.formatted(scalarName, order);
  }

  /** Examples as one array per port, by name. */
  private record Data(float[] image, float[] scalar, int[] labels, float[] mean) {
    static Data make(int n, long seed) {
      Random r = new Random(seed);
      float[] image = new float[n * 36];
      float[] scalar = new float[n];
      int[] labels = new int[n];
      float[] mean = new float[n];
      for (int e = 0; e < n; e++) {
        float bias = r.nextBoolean() ? 0.4f : -0.4f;
        float sum = 0;
        for (int i = 0; i < 36; i++) {
          image[e * 36 + i] = (float) r.nextGaussian() * 0.5f + bias;
          sum += image[e * 36 + i];
        }
        scalar[e] = (float) (r.nextBoolean() ? 0.5 + r.nextDouble() : -0.5 - r.nextDouble());
        labels[e] = (sum > 0) == (scalar[e] > 0) ? 1 : 0;
        mean[e] = sum / 36;
      }
      return new Data(image, scalar, labels, mean);
    }

    Dataset dataset(Model model) {
      return Dataset.of(model, Map.of("image", image, "scalar", scalar),
          Map.of("logits", Dataset.oneHot(labels, 2), "mean", mean));
    }
  }

  @Test
  void trainEvaluateSaveLoadAndPredictByName() throws Exception {
    // the regression output first: accuracy must still come from logits, packed second
    Model model = Nets.model(source("scalar", "mean, logits"));
    Data train = Data.make(1500, 7);
    Data test = Data.make(400, 8);
    model.initialize(11);
    Trainer.builder(model).seed(11).epochs(15).batchSize(32).build().fit(train.dataset(model));
    Evaluation ev = Trainer.evaluate(model, test.dataset(model), 128);
    assertTrue(ev.accuracy() > 0.9, "accuracy " + ev);
    assertNotNull(ev.confusion());
    assertEquals(2, ev.confusion().classes());
    assertEquals(400, ev.confusion().total());

    // accuracy and loss by hand from the outputs predicted by name: the loss is the weighted total
    int right = 0;
    double loss = 0;
    for (int e = 0; e < 400; e++) {
      Map<String, float[]> out = model.predict(Map.of(
          "image", Arrays.copyOfRange(test.image(), e * 36, e * 36 + 36), "scalar", new float[] {test.scalar()[e]}));
      float[] logits = out.get("logits");
      right += (logits[1] > logits[0] ? 1 : 0) == test.labels()[e] ? 1 : 0;
      double max = Math.max(logits[0], logits[1]);
      double lse = max + Math.log(Math.exp(logits[0] - max) + Math.exp(logits[1] - max));
      double d = out.get("mean")[0] - test.mean()[e];
      loss += lse - logits[test.labels()[e]] + 0.1 * d * d;
    }
    assertEquals(right / 400.0, ev.accuracy(), 1e-12);
    assertEquals(loss / 400, ev.loss(), 1e-4 * Math.max(1, loss / 400));
    // predictClass reads the classifier only when it is first: here the first output is mean[1]
    float[] packed = model.packInputs(1, Arrays.copyOf(test.image(), 36), new float[] {test.scalar()[0]});
    assertEquals(0, model.predictClass(packed));

    Path file = dir.resolve("image-and-scalar.netc");
    ModelFile.save(model, file);
    // version 3, the first with the port table (byte 7 of the big-endian header)
    assertEquals(ModelFile.VERSION_3, java.nio.file.Files.readAllBytes(file)[7]);
    Model loaded = Nets.model(source("scalar", "mean, logits"));
    ModelFile.load(loaded, file);
    float[] image = Arrays.copyOfRange(test.image(), 36, 72);
    float[] scalar = {test.scalar()[1]};
    Map<String, float[]> before = model.predict(Map.of("image", image, "scalar", scalar));
    Map<String, float[]> after = loaded.predict(Map.of("image", image, "scalar", scalar));
    assertArrayEquals(before.get("logits"), after.get("logits"));
    assertArrayEquals(before.get("mean"), after.get("mean"));
    float[][] all = loaded.predictAll(image, scalar);
    assertArrayEquals(before.get("mean"), all[0]);
    assertArrayEquals(before.get("logits"), all[1]);

    // the same layers with the input renamed: same parameters, other ports, refused
    Model renamed = Nets.model(source("meta", "mean, logits"));
    ModelFileException refused = assertThrows(ModelFileException.class, () -> ModelFile.load(renamed, file));
    assertEquals(file + ": written for a network with inputs [image[1, 6, 6], scalar[1]] and outputs"
        + " [mean[1], logits[2]]; network ImageAndScalar has inputs [image[1, 6, 6], meta[1]] and outputs"
        + " [mean[1], logits[2]]. The file's weights belong to another version of the network: load a file"
        + " saved from this one, or use ModelFile.loadPretrained to copy the tensors that match",
        refused.getMessage());
  }

  @Test
  void theClassifierFirstIsWhatPredictClassAndProbabilitiesRead() {
    Model model = Nets.model(source("scalar", "logits, mean"));
    model.initialize(3);
    float[] image = new float[36];
    Arrays.fill(image, 0.3f);
    float[] scalar = {-1};
    float[] logits = model.predict(Map.of("image", image, "scalar", scalar)).get("logits");
    float[] packed = model.packInputs(1, image, scalar);
    assertEquals(logits[1] > logits[0] ? 1 : 0, model.predictClass(packed));
    float[] p = model.predictProbabilities(packed);
    assertEquals(2, p.length);
    assertEquals(1.0, p[0] + p[1], 1e-6);
    assertEquals(Math.exp(logits[1]) / (Math.exp(logits[0]) + Math.exp(logits[1])), p[1], 1e-6);
  }
}
