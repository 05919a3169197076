package dev.netc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxFiles;
import dev.netc.onnx.OnnxImporter;
import dev.netc.runtime.GeneratedModel;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX files the ONNX Runtime peer runs: input {@code image}, output {@code logits [batch, 10]},
 * the weights of the model they were exported from (an import gives them back unchanged).
 */
class BenchOnnxTest {
  @TempDir
  Path tmp;

  @Test
  void mlp() throws Exception {
    check(new BenchMlp(), List.of(784L));
  }

  @Test
  void cnn() throws Exception {
    check(new BenchCnn(), List.of(1L, 28L, 28L));
  }

  private void check(GeneratedModel model, List<Long> imageDims) throws Exception {
    model.initialize(3);
    Path file = tmp.resolve(model.name() + ".onnx");
    BenchOnnx.write(model, file);
    ModelProto onnx = OnnxFiles.read(file);
    assertEquals("image", onnx.getGraph().getInput(0).getName());
    assertEquals(imageDims, dims(onnx.getGraph().getInput(0).getType().getTensorType().getShape()).subList(1,
        imageDims.size() + 1));
    assertEquals("logits", onnx.getGraph().getOutput(0).getName());
    assertEquals(List.of(10L), dims(onnx.getGraph().getOutput(0).getType().getTensorType().getShape()).subList(1, 2));
    ImportedNetwork back = OnnxImporter.importModel(onnx, model.name());
    assertArrayEquals(model.parameters(), back.params(), 0f);
  }

  private static List<Long> dims(TensorShapeProto shape) {
    return shape.getDimList().stream().map(d -> d.hasDimValue() ? d.getDimValue() : -1L).toList();
  }
}
