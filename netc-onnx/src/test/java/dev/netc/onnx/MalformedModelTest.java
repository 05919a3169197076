package dev.netc.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.testing.MalformedModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed malformed and unsupported ONNX files: each gives its clear error (naming the node
 * and op type when one is at fault) and writes neither the {@code .net} file nor the model file.
 */
class MalformedModelTest {
  @TempDir
  Path tmp;

  @Test
  void committedFilesAreTheGeneratedOnes() throws Exception {
    Map<String, MalformedModels.Case> cases = MalformedModels.cases();
    assertTrue(cases.size() >= 10, "at least 10 malformed or unsupported files");
    try (Stream<Path> files = Files.list(MalformedModels.DIR)) {
      assertTrue(files.map(p -> p.getFileName().toString()).allMatch(cases::containsKey),
          "every committed file is a case (run MalformedModels.main to write them again)");
    }
    for (Map.Entry<String, MalformedModels.Case> e : cases.entrySet()) {
      assertArrayEquals(e.getValue().bytes(), Files.readAllBytes(MalformedModels.DIR.resolve(e.getKey())),
          e.getKey() + " differs from what MalformedModels writes; run its main from netc-onnx");
    }
  }

  @TestFactory
  Stream<DynamicTest> eachFileGivesItsErrorAndWritesNothing() {
    return MalformedModels.cases().entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Path net = tmp.resolve(e.getKey() + ".net");
      Path model = tmp.resolve(e.getKey() + ".model");
      OnnxImportException error = assertThrows(OnnxImportException.class,
          () -> OnnxImporter.importInto(MalformedModels.DIR.resolve(e.getKey()), "Imported", net, model));
      assertTrue(error.getMessage().contains(e.getValue().error()),
          () -> "expected `" + e.getValue().error() + "` in: " + error.getMessage());
      assertFalse(Files.exists(net), "no .net file written");
      assertFalse(Files.exists(model), "no model file written");
      try (Stream<Path> left = Files.list(tmp)) {
        assertTrue(left.findAny().isEmpty(), "no temporary file left");
      }
    }));
  }
}
