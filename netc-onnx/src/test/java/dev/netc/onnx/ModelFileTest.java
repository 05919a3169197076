package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.testing.Networks;
import dev.netc.onnx.testing.Runs;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.io.ModelFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files around an import and an export: the model file an import writes loads into the class
 * generated from the {@code .net} file it writes (and nothing else), and an export reads the
 * weights of a saved model file, refusing another network's.
 */
class ModelFileTest {
  private static final String NET = """
      network Small {
        input image: float[1, 6, 6];
        conv2d(4, kernel: 3, activation: relu);
        batchnorm;
        maxpool(2);
        flatten;
        dense(3);
        loss softmax_cross_entropy;
      }
      """;

  @TempDir
  Path tmp;

  /** A model file that cannot be written leaves an existing .net file as it was, and no new one. */
  @Test
  void aFailedWriteRestoresTheNetFileItReplaced() throws Exception {
    Networks.Live original = Networks.fromText("Small.net", NET, "Small", 3);
    ImportedNetwork imported = OnnxImporter.importModel(OnnxExporter.export(original.graph(), original.model()), "Copy");
    Path netFile = Files.writeString(tmp.resolve("Copy.net"), "// the user's own network, kept\n");
    Path modelDirectory = Files.createDirectories(tmp.resolve("copy.model"));  // a directory: the save fails
    Files.writeString(modelDirectory.resolve("inside"), "x");
    assertThrows(java.io.IOException.class, () -> imported.write(netFile, modelDirectory));
    assertEquals("// the user's own network, kept\n", Files.readString(netFile));

    Path fresh = tmp.resolve("Fresh.net");
    assertThrows(java.io.IOException.class, () -> imported.write(fresh, modelDirectory));
    assertTrue(Files.notExists(fresh), "no .net file is left behind");
    try (var left = Files.list(tmp)) {
      assertEquals(List.of("Copy.net", "copy.model"), left.map(f -> f.getFileName().toString()).sorted().toList(),
          "no temporary files");
    }
  }

  @Test
  void importedModelFileLoadsIntoTheGeneratedClass() throws Exception {
    Networks.Live original = Networks.fromText("Small.net", NET, "Small", 3);
    Runs.perturb(original.model(), 4);
    ModelProto onnx = OnnxExporter.export(original.graph(), original.model());
    Path onnxFile = tmp.resolve("small.onnx");
    OnnxFiles.write(onnx, onnxFile);

    Path netFile = tmp.resolve("Copy.net");
    Path modelFile = tmp.resolve("copy.model");
    ImportedNetwork imported = OnnxImporter.importInto(onnxFile, "Copy", netFile, modelFile);
    assertEquals(imported.netSource(), Files.readString(netFile));

    Networks.Live copy = Networks.fromText("Copy.net", Files.readString(netFile), "Copy", 99);
    ModelFile.load(copy.model(), modelFile);
    List<float[]> inputs = Runs.inputs(original.model(), 4, 8);
    assertArrayEquals(Runs.forward(original.model(), inputs, 4).get(0), Runs.forward(copy.model(), inputs, 4).get(0), 0f);

    // the layout hash refuses the file for a network with other parameters
    Networks.Live other = Networks.fromText("Copy.net", NET.replace("Small", "Copy").replace("dense(3)", "dense(5)"),
        "Copy", 1);
    ModelFileException refused = assertThrows(ModelFileException.class, () -> ModelFile.load(other.model(), modelFile));
    assertTrue(refused.getMessage().contains("parameter"), refused.getMessage());
  }

  @Test
  void exportReadsASavedModelFileOfTheSameNetworkOnly() throws Exception {
    Networks.Live live = Networks.fromText("Small.net", NET, "Small", 5);
    Runs.perturb(live.model(), 6);
    Path saved = tmp.resolve("small.model");
    ModelFile.save(live.model(), saved);
    assertEquals(OnnxExporter.export(live.graph(), live.model()), OnnxExporter.export(live.graph(), saved));

    Networks.Live other = Networks.fromText("Small.net", NET.replace("conv2d(4", "conv2d(5"), "Small", 5);
    assertThrows(ModelFileException.class, () -> OnnxExporter.export(other.graph(), saved));
    OnnxExportException wrongModel = assertThrows(OnnxExportException.class,
        () -> OnnxExporter.export(other.graph(), live.model()));
    assertTrue(wrongModel.getMessage().contains("another parameter layout"), wrongModel.getMessage());
  }

  @Test
  void writtenFilesGetTheDefaultPermissions() throws Exception {
    Networks.Live live = Networks.fromText("Small.net", NET, "Small", 5);
    Path onnx = tmp.resolve("small.onnx");
    OnnxFiles.write(OnnxExporter.export(live.graph(), live.model()), onnx);
    Path reference = Files.write(tmp.resolve("reference"), new byte[] {1});
    if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
      assertEquals(Files.getPosixFilePermissions(reference), Files.getPosixFilePermissions(onnx),
          "not the owner-only permissions of a temporary file");
    }
    try (var left = Files.list(tmp)) {
      assertEquals(List.of("reference", "small.onnx"), left.map(p -> p.getFileName().toString()).sorted().toList());
    }
  }

  @Test
  void namesComeFromTheLayersBothWays() throws Exception {
    Networks.Live live = Networks.fromText("Small.net", NET.replace("conv2d(4", "features = conv2d(4"), "Small", 5);
    ModelProto onnx = OnnxExporter.export(live.graph(), live.model());
    assertEquals("features", onnx.getGraph().getNode(0).getName());
    assertEquals("features.weight", onnx.getGraph().getInitializer(0).getName());
    assertEquals("batch", onnx.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(17, onnx.getOpsetImport(0).getVersion());
    ImportedNetwork back = OnnxImporter.importModel(onnx, "Small");
    assertTrue(back.netSource().contains("  features = conv2d(image, 4, kernel: 3, activation: relu);"),
        back.netSource());
  }
}
