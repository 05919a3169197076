package dev.netc.samples.annotated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.ImageAndMeta;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The graph model generated from {@link ImageAndMetaNet} trains exactly like its .net twin. */
class ImageAndMetaNetTest {
  private static final int N = 24;

  @Test
  void trainsExactlyLikeTheDslTwin() {
    ImageAndMetaNetModel annotated = new ImageAndMetaNetModel();
    ImageAndMeta dsl = new ImageAndMeta();
    assertEquals(dsl.parameterCount(), annotated.parameterCount());
    annotated.initialize(5);
    dsl.initialize(5);
    Trainer.builder(annotated).seed(5).epochs(2).batchSize(8).build().fit(data(annotated));
    Trainer.builder(dsl).seed(5).epochs(2).batchSize(8).build().fit(data(dsl));
    Random rng = new Random(9);
    float[] image = new float[28 * 28];
    float[] meta = {rng.nextFloat(), rng.nextFloat(), rng.nextFloat()};
    for (int i = 0; i < image.length; i++) {
      image[i] = rng.nextFloat();
    }
    Map<String, float[]> fromDsl = dsl.predict(Map.of("image", image, "meta", meta));
    Map<String, float[]> fromAnnotations = annotated.predict(Map.of("image", image, "meta", meta));
    assertArrayEquals(fromDsl.get("logits"), fromAnnotations.get("logits"));
    assertArrayEquals(fromDsl.get("size"), fromAnnotations.get("size"));
  }

  /** The same random examples for either model, by port name. */
  private static Dataset data(Model model) {
    Random rng = new Random(3);
    float[] images = new float[N * 28 * 28];
    float[] meta = new float[N * 3];
    int[] labels = new int[N];
    float[] sizes = new float[N];
    for (int i = 0; i < images.length; i++) {
      images[i] = rng.nextFloat();
    }
    for (int i = 0; i < meta.length; i++) {
      meta[i] = rng.nextFloat();
    }
    for (int i = 0; i < N; i++) {
      labels[i] = rng.nextInt(10);
      sizes[i] = rng.nextFloat();
    }
    return Dataset.of(model, Map.of("image", images, "meta", meta),
        Map.of("logits", Dataset.oneHot(labels, 10), "size", sizes));
  }
}
