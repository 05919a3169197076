package dev.netc.samples.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.FashionMnist;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The PyTorch-trained CNN imported at build time (src/main/onnx/fashion_cnn.onnx) against what
 * PyTorch computed with the same weights on the embedded test subset (fashion_cnn_subset.txt,
 * written by eval_fashion_cnn.py): the same logits, the same predicted class for every image, the
 * same accuracy; then netc fine-tunes it.
 */
class FashionCnnTorchTest {

  static String field(String text, String key) {
    return text.lines().filter(l -> l.startsWith(key + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no " + key + " line in\n" + text)).substring(key.length() + 1);
  }

  @Test
  void netcPredictsWhatPyTorchPredictsOnEveryEmbeddedTestImage() throws Exception {
    String pytorch = FashionCnnTorchMain.sidecar("fashion_cnn_subset.txt");
    Dataset test = FashionMnist.embedded().test();
    FashionCnn model = FashionCnnTorchMain.importedModel();

    String[] logits = field(pytorch, "logits").split(" ");
    for (int image = 0; image < 4; image++) {
      float[] out = model.predict(Arrays.copyOfRange(test.inputs(), image * 784, (image + 1) * 784));
      for (int c = 0; c < 10; c++) {
        assertEquals(Float.parseFloat(logits[image * 10 + c]), out[c], 1e-4, "image " + image + " class " + c);
      }
    }
    String classes = field(pytorch, "predictions");
    assertEquals(test.size(), classes.length(), "one prediction per embedded test image");
    int differ = 0;
    for (int image = 0; image < test.size(); image++) {
      int netc = model.predictClass(Arrays.copyOfRange(test.inputs(), image * 784, (image + 1) * 784));
      differ += netc == classes.charAt(image) - '0' ? 0 : 1;
    }
    assertEquals(0, differ, "images where netc's class differs from PyTorch's");

    Evaluation netc = Trainer.evaluate(model, test, 256);
    double expected = FashionCnnTorchMain.pytorchAccuracy(test.size());
    assertEquals(Double.parseDouble(field(pytorch, "test_accuracy").split(" ")[0]), expected);
    assertEquals(expected, netc.accuracy(), 1e-3, "netc's accuracy on the PyTorch weights");
  }

  @Test
  void theFullTestSetsAccuracyIsTheOnePyTorchRecorded() throws Exception {
    // the sample compares against it on the full data (BENCHMARKS.md); the record itself must be there
    assertEquals(0.8974, FashionCnnTorchMain.pytorchAccuracy(10_000));
    assertTrue(Double.isNaN(FashionCnnTorchMain.pytorchAccuracy(123)), "no record for another test set");
  }

  @Test
  void fineTuningOneEpochInNetcKeepsTheModelAccurateAndMovesItsLoss() throws Exception {
    FashionMnist.Data all = FashionMnist.embedded();
    // a quarter of the embedded training images keeps this test to a few seconds
    FashionMnist.Data data = new FashionMnist.Data(all.train().subset(0, 2500), all.test(), all.source());
    FashionCnnTorchMain.Result result = FashionCnnTorchMain.run(data, 1, FashionCnnTorchMain.FINE_TUNE_LR, null);
    assertEquals(result.pytorch(), result.imported().accuracy(), 1e-3);
    assertTrue(result.fineTuned().loss() != result.imported().loss(), "fine-tuning changed the weights");
    // images of the same distribution at a tenth of the training rate: the model stays as good
    assertTrue(result.fineTuned().accuracy() > result.imported().accuracy() - 0.02,
        result.imported().accuracy() + " -> " + result.fineTuned().accuracy());
  }
}
