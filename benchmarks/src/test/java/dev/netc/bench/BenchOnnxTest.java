package dev.netc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxFiles;
import dev.netc.onnx.OnnxImporter;
import dev.netc.runtime.GeneratedModel;
import dev.netc.samples.CharTransformer;
import dev.netc.samples.FashionResnet;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorShapeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX files the ONNX Runtime peer runs: input {@code image}, output {@code logits [batch, 10]}
 * (the samples: their own names; the character transformer's {@code text} and {@code [batch, 64,
 * 64]}), the weights of the model
 * they were exported from (an import gives them back unchanged). The sample networks' sources come
 * from the samples module, put on the benchmarks' class path by its pom.
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

  @Test
  void fashionResnet() throws Exception {
    check(new FashionResnet(), "image", List.of(1L, 28L, 28L), "dense_2", List.of(10L));
  }

  @Test
  void charTransformer() throws Exception {
    check(new CharTransformer(), "text", List.of(64L), "time_dense_1", List.of(64L, 64L));
  }

  private void check(GeneratedModel model, List<Long> imageDims) throws Exception {
    check(model, "image", imageDims, "logits", List.of(10L));
  }

  private void check(GeneratedModel model, String input, List<Long> inputDims, String output, List<Long> outputDims)
      throws Exception {
    model.initialize(3);
    Path file = tmp.resolve(model.name() + ".onnx");
    BenchOnnx.write(model, file);
    ModelProto onnx = OnnxFiles.read(file);
    assertEquals(input, onnx.getGraph().getInput(0).getName());
    assertEquals(inputDims, dims(onnx.getGraph().getInput(0).getType().getTensorType().getShape()).subList(1,
        inputDims.size() + 1));
    assertEquals(output, onnx.getGraph().getOutput(0).getName());
    assertEquals(outputDims, dims(onnx.getGraph().getOutput(0).getType().getTensorType().getShape()).subList(1,
        outputDims.size() + 1));
    ImportedNetwork back = OnnxImporter.importModel(onnx, model.name());
    assertArrayEquals(model.parameters(), back.params(), 0f);
  }

  private static List<Long> dims(TensorShapeProto shape) {
    return shape.getDimList().stream().map(d -> d.hasDimValue() ? d.getDimValue() : -1L).toList();
  }
}
