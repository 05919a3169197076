package dev.netc.it;

import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;

/**
 * Uses the network imported from src/main/onnx/dev/netc/it/tiny_mlp.onnx: the class generated
 * from it, with the weights of the model file the build put on the class path.
 */
public final class Main {
  public static void main(String[] args) throws Exception {
    Model model = new TinyMlp();
    Path weights = Files.createTempFile("tiny-mlp", ".netc");
    try (InputStream in = Main.class.getResourceAsStream("TinyMlp.netc")) {
      Files.copy(in, weights, StandardCopyOption.REPLACE_EXISTING);
    }
    ModelFile.load(model, weights);
    Files.delete(weights);
    System.out.println("parameters=" + model.parameterCount());
    System.out.println("out=" + Arrays.toString(model.predict(new float[] {0.5f, -1f, 2f})));
  }
}
