package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImporter;
import dev.netc.runtime.io.ModelFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The import half of netc:import-onnx: where files go, incremental runs, stale outputs, errors. */
class OnnxImportsTest {
  @TempDir
  Path project;
  Path onnxDir;
  Path netDir;
  Path resources;

  @BeforeEach
  void setUp() {
    onnxDir = project.resolve("src/main/onnx");
    netDir = project.resolve("target/generated-sources/netc-onnx-net");
    resources = project.resolve("target/generated-resources/netc-onnx");
  }

  float[] writeOnnx(String relative, long seed) throws Exception {
    return OnnxFixture.write(onnxDir.resolve(relative), seed);
  }

  OnnxImports imports(String pkg) {
    return new OnnxImports(onnxDir, netDir, resources, pkg);
  }

  @Test
  void eachFileBecomesANetFileInItsPackageAndAModelFileBesideTheClass() throws Exception {
    float[] params = writeOnnx("com/acme/tiny_mlp.onnx", 1);
    OnnxImports.Result result = imports(null).run();
    assertEquals(List.of(), result.errors());
    assertEquals("netc: imported 1 of 1 .onnx files (0 unchanged)", result.summary());
    Path net = netDir.resolve("com/acme/TinyMlp.net");
    Path model = resources.resolve("com/acme/TinyMlp.netc");
    ImportedNetwork expected = OnnxImporter.importFile(onnxDir.resolve("com/acme/tiny_mlp.onnx"), "TinyMlp");
    assertEquals(expected.netSource(), Files.readString(net));
    assertArrayEquals(params, ModelFile.read(expected.layout(), model), "the weights as exported");

    OnnxImports.Result flat = imports("org.other").run();
    assertEquals(1, flat.imported(), "another package is another import");
    assertTrue(Files.isRegularFile(netDir.resolve("org/other/TinyMlp.net")));
    assertFalse(Files.exists(net), "the old package's outputs are gone");
    assertEquals(List.of("com/acme/TinyMlp.net", "com/acme/TinyMlp.netc"), flat.deleted());
  }

  @Test
  void anUnchangedFileIsNotImportedAgainAChangedOneIsAndARemovedOnesOutputsGo() throws Exception {
    writeOnnx("a/cnn.onnx", 1);
    imports(null).run();
    Path model = resources.resolve("a/Cnn.netc");
    Path net = netDir.resolve("a/Cnn.net");
    FileTime old = FileTime.fromMillis(1_000_000);
    Files.setLastModifiedTime(model, old);
    Files.setLastModifiedTime(net, old);

    OnnxImports.Result again = imports(null).run();
    assertEquals("netc: imported 0 of 1 .onnx files (1 unchanged)", again.summary());
    assertEquals(old, Files.getLastModifiedTime(model), "not rewritten");
    assertEquals(old, Files.getLastModifiedTime(net), "not rewritten");

    byte[] before = Files.readAllBytes(model);
    writeOnnx("a/cnn.onnx", 2);
    assertEquals(1, imports(null).run().imported());
    assertFalse(java.util.Arrays.equals(before, Files.readAllBytes(model)), "the new weights");

    Files.delete(model); // target/generated-resources cleaned by hand
    assertEquals(1, imports(null).run().imported(), "a missing output is written again");
    assertTrue(Files.isRegularFile(model));

    Files.delete(onnxDir.resolve("a/cnn.onnx"));
    OnnxImports.Result gone = imports(null).run();
    assertEquals(List.of("a/Cnn.net", "a/Cnn.netc"), gone.deleted());
    assertFalse(Files.exists(model) || Files.exists(net));
  }

  @Test
  void aModelNetcCannotImportIsAnErrorNamingTheFileAndTheNodeAndWritesNothing() throws Exception {
    writeOnnx("a/good.onnx", 1);
    Path bad = onnxDir.resolve("a/bad.onnx");
    writeOnnx("a/bad.onnx", 1);
    String node = OnnxFixture.breakFirstNode(bad);
    Files.writeString(onnxDir.resolve("a/3d.onnx"), "not onnx");
    Path outside = Files.writeString(project.resolve("secret.txt"), "not for the build log");
    Files.createSymbolicLink(onnxDir.resolve("a/link.onnx"), outside);

    OnnxImports.Result result = imports(null).run();
    assertEquals(3, result.errors().size(), result.errors().toString());
    assertTrue(result.errors().get(0).startsWith(onnxDir.resolve("a/3d.onnx") + ": the file name does not make a"
        + " network name"), result.errors().get(0));
    assertTrue(result.errors().get(1).startsWith(bad + ": node \"" + node + "\" (NonMaxSuppression): netc cannot"
        + " import op type NonMaxSuppression"), result.errors().get(1));
    assertTrue(result.errors().get(2).startsWith(onnxDir.resolve("a/link.onnx") + ": not imported: a symbolic link"),
        result.errors().get(2));
    assertFalse(Files.exists(netDir.resolve("a/Bad.net")) || Files.exists(resources.resolve("a/Bad.netc")));
    assertFalse(Files.exists(netDir.resolve("a/Link.net")), "the link is not followed");
    assertTrue(Files.isRegularFile(resources.resolve("a/Good.netc")), "the other file is imported");
    assertEquals("netc: imported 1 of 4 .onnx files (0 unchanged)", result.summary());
  }

  @Test
  void networkNamesComeFromFileNames() {
    assertEquals("FashionCnn", OnnxImports.networkName("fashion_cnn"));
    assertEquals("ResNet18", OnnxImports.networkName("resNet18"));
    assertEquals("MyModelV2", OnnxImports.networkName("my-model.v2"));
    assertNull(OnnxImports.networkName("3d"));
    assertNull(OnnxImports.networkName("__"));
  }
}
