package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Runs;
import dev.netc.runtime.data.Idx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CNN trained in PyTorch on Fashion-MNIST ({@code samples/src/main/onnx/train_fashion_cnn.py}),
 * imported: on the 2,000 test images embedded in netc-samples it classifies exactly as PyTorch
 * did (the accuracy the sidecar file records), and its logits on the first images are PyTorch's.
 */
class FashionCnnImportTest {
  private static final Path ONNX = Path.of("..", "samples", "src", "main", "onnx").toAbsolutePath().normalize();
  private static final Path DATA = Path.of("..", "samples", "src", "main", "resources", "dev", "netc", "samples",
      "data").toAbsolutePath().normalize();

  @Test
  void importedNetworkClassifiesAsPyTorchDid() throws Exception {
    List<String> sidecar = Files.readAllLines(ONNX.resolve("fashion_cnn.txt"));
    assertTrue(sidecar.get(0).startsWith("torch 1.13") && sidecar.get(1).equals("script train_fashion_cnn.py"),
        "fashion_cnn.txt has no provenance");
    double expectedAccuracy = Double.parseDouble(field(sidecar, "embedded_test_accuracy").split(" ")[0]);
    float[] expectedLogits = floats(field(sidecar, "logits"));

    ImportedNetwork imported = OnnxImporter.importFile(ONNX.resolve("fashion_cnn.onnx"), "FashionCnnTorch");
    Networks.Live live = Networks.fromText("FashionCnnTorch.net", imported.netSource(), "FashionCnnTorch", 1);
    System.arraycopy(imported.params(), 0, live.model().parameters(), 0, imported.params().length);
    Idx.Images images = Idx.readImages(DATA.resolve("t10k-images-idx3-ubyte.gz"));
    int[] labels = Idx.readLabels(DATA.resolve("t10k-labels-idx1-ubyte.gz"));
    int n = images.count();
    float[] logits = Runs.forward(live.model(), List.of(images.pixels()), n).get(0);

    double diff = Runs.maxDiff(expectedLogits, Arrays.copyOf(logits, expectedLogits.length));
    assertTrue(diff <= 1e-4, "logits of the first images differ from PyTorch's by " + diff);
    int correct = 0;
    for (int i = 0; i < n; i++) {
      int best = 0;
      for (int k = 1; k < 10; k++) {
        best = logits[i * 10 + k] > logits[i * 10 + best] ? k : best;
      }
      correct += best == labels[i] ? 1 : 0;
    }
    System.out.printf("fashion_cnn.onnx in netc: accuracy %.4f on %d embedded test images (PyTorch %.4f),"
        + " first logits within %.1e%n", (double) correct / n, n, expectedAccuracy, diff);
    assertEquals(2000, n);
    assertEquals(expectedAccuracy, (double) correct / n, 1e-9);
  }

  private static String field(List<String> lines, String name) {
    return lines.stream().filter(l -> l.startsWith(name + " ")).map(l -> l.substring(name.length() + 1)).findFirst()
        .orElseThrow(() -> new AssertionError("fashion_cnn.txt has no " + name));
  }

  private static float[] floats(String text) {
    String[] parts = text.trim().split("\\s+");
    float[] v = new float[parts.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Float.parseFloat(parts[i]);
    }
    return v;
  }
}
