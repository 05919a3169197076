package dev.netc.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FashionCnnBlocks, built by the plugin from blocks imported from layers.net, names and learns. */
class BlocksSampleTest {

  @Test
  void layersAreNamedAfterTheBlockCalls() {
    List<String> layers = new FashionCnnBlocks().parameterInfo().stream()
        .map(ParameterInfo::layer).distinct().toList();
    assertEquals(List.of("features_conv2d_1", "features_batchnorm_1", "deeper_conv2d_1",
        "deeper_batchnorm_1", "logits_h", "logits"), layers);
  }

  @Test
  void learnsFromAFewImages() throws Exception {
    FashionMnist.Data data = FashionMnist.embedded();
    FashionCnnBlocks model = new FashionCnnBlocks();
    model.initialize(42);
    Trainer.builder(model).seed(42).epochs(1).build().fit(data.train().subset(0, 1000));
    Evaluation test = Trainer.evaluate(model, data.test().subset(0, 300), 100);
    // one epoch on 1,000 images: well above chance (0.1)
    assertTrue(test.accuracy() > 0.4, "accuracy " + test.accuracy());
  }
}
