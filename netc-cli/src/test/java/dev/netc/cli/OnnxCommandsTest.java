package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.onnx.OnnxFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import onnx.Onnx.ModelProto;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * export-onnx and import-onnx: a network trained by {@code netc train}, exported, imported again
 * under another name, predicts what the original predicts; and every way the commands refuse
 * their input, with the exit status and no file written.
 */
class OnnxCommandsTest {
  @TempDir
  static Path dir;
  static Path net;
  static Path model;
  static Path points;

  @BeforeAll
  static void train() throws IOException {
    net = Cli.write(dir, "Blobs.net", TrainEvalPredictTest.BLOBS);
    Path train = Cli.write(dir, "train.csv", TrainEvalPredictTest.points(300, 1, true));
    points = Cli.write(dir, "points.csv", TrainEvalPredictTest.points(20, 3, false));
    model = dir.resolve("blobs.netc");
    Cli.Run run = Cli.run("train", net, "--data", train, "--save", model, "--epochs", "3");
    assertEquals(0, run.status(), run.toString());
  }

  @Test
  void anExportedNetworkImportedAgainPredictsWhatTheOriginalPredicts() throws Exception {
    Path onnx = dir.resolve("blobs.onnx");
    Cli.Run export = Cli.run("export-onnx", net, "--model", model, "-o", onnx);
    assertEquals(0, export.status(), export.toString());
    ModelProto proto = OnnxFiles.read(onnx);
    assertEquals("wrote " + onnx + " (network Blobs, " + proto.getGraph().getNodeCount() + " nodes, 4 initializers,"
        + " opset 17)\n", export.out());
    assertEquals("Blobs", proto.getGraph().getName());

    Path out = dir.resolve("imported/nested");
    Cli.Run imported = Cli.run("import-onnx", onnx, "--name", "Points", "-o", out);
    assertEquals(0, imported.status(), imported.toString());
    Path importedNet = out.resolve("Points.net");
    Path importedModel = out.resolve("Points.netc");
    assertTrue(imported.out().startsWith("wrote " + importedNet + " (network Points, "), imported.out());
    assertTrue(imported.out().endsWith("wrote " + importedModel + " (82 parameters)\n"), imported.out()); // 2*16+16 + 16*2+2
    assertTrue(Files.readString(importedNet).contains("network Points {"), Files.readString(importedNet));

    Cli.Run original = Cli.run("predict", model, "--net", net, "--input", points);
    Cli.Run again = Cli.run("predict", importedModel, "--net", importedNet, "--input", points);
    assertEquals(0, original.status(), original.toString());
    assertEquals(0, again.status(), again.toString());
    List<String> a = original.out().lines().toList();
    List<String> b = again.out().lines().toList();
    assertEquals(21, a.size(), original.out());
    assertEquals(a.size(), b.size(), again.out());
    for (int i = 1; i < a.size(); i++) {
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertEquals(x[0], y[0], "class of point " + i);
      for (int j = 1; j < x.length; j++) {
        assertEquals(Double.parseDouble(x[j]), Double.parseDouble(y[j]), 1e-6, "point " + i + " p" + (j - 1));
      }
    }
  }

  @Test
  void exportRefusesAMissingModelFileAnotherNetworksWeightsAndAMissingDirectory() throws IOException {
    Path onnx = dir.resolve("refused.onnx");
    Cli.Run missing = Cli.run("export-onnx", net, "--model", dir.resolve("none.netc"), "-o", onnx);
    assertEquals(2, missing.status(), missing.toString());
    assertTrue(missing.err().startsWith("error: model file not found: " + dir.resolve("none.netc")), missing.err());

    Path other = Cli.write(dir, "Other.net", TrainEvalPredictTest.BLOBS.replace("Blobs", "Other"));
    Cli.Run wrong = Cli.run("export-onnx", other, "--model", model, "-o", onnx);
    assertEquals(1, wrong.status(), wrong.toString());
    assertTrue(wrong.err().startsWith("error: ") && wrong.err().contains("Blobs"), wrong.err());
    assertFalse(Files.exists(onnx), "nothing written");

    Cli.Run noDir = Cli.run("export-onnx", net, "--model", model, "-o", dir.resolve("no/such/dir/x.onnx"));
    assertEquals(2, noDir.status(), noDir.toString());
    assertTrue(noDir.err().startsWith("error: -o " + dir.resolve("no/such/dir/x.onnx") + ": the directory "), noDir.err());

    Cli.Run noModel = Cli.run("export-onnx", net, "-o", onnx);
    assertEquals(2, noModel.status(), noModel.toString());
    assertTrue(noModel.err().startsWith("error: Missing required option: '--model=MODEL'"), noModel.err());

    Path bad = Cli.write(dir, "Bad.net", TrainEvalPredictTest.BLOBS.replace("dense(2)", "dnse(2)"));
    Cli.Run errors = Cli.run("export-onnx", bad, "--model", model, "-o", onnx);
    assertEquals(1, errors.status(), errors.toString());
    assertTrue(errors.err().contains("error: unknown op 'dnse'"), errors.err());
    assertFalse(Files.exists(onnx), "nothing written");
  }

  @Test
  void importRefusesWhatIsNoOnnxModelAnOpNetcLacksAndABadNameWritingNothing() throws Exception {
    Path out = dir.resolve("never");
    Path notOnnx = Cli.write(dir, "not.onnx", "network X {}\n");
    Cli.Run garbage = Cli.run("import-onnx", notOnnx, "--name", "X", "-o", out);
    assertEquals(1, garbage.status(), garbage.toString());
    assertTrue(garbage.err().startsWith("error: cannot import " + notOnnx + ": " + notOnnx + ": not an ONNX model"),
        garbage.err());

    Path onnx = dir.resolve("for-import.onnx");
    assertEquals(0, Cli.run("export-onnx", net, "--model", model, "-o", onnx).status());
    ModelProto proto = OnnxFiles.read(onnx);
    ModelProto.Builder odd = proto.toBuilder();
    odd.getGraphBuilder().getNodeBuilder(0).setOpType("NonMaxSuppression");
    String node = odd.getGraph().getNode(0).getName();
    Path unsupported = dir.resolve("nms.onnx");
    OnnxFiles.write(odd.build(), unsupported);
    Cli.Run nms = Cli.run("import-onnx", unsupported, "--name", "Nms", "-o", out);
    assertEquals(1, nms.status(), nms.toString());
    assertTrue(nms.err().startsWith("error: cannot import " + unsupported + ": node \"" + node
        + "\" (NonMaxSuppression): netc cannot import op type NonMaxSuppression"), nms.err());

    Cli.Run name = Cli.run("import-onnx", onnx, "--name", "fashion_cnn", "-o", out);
    assertEquals(2, name.status(), name.toString());
    assertTrue(name.err().startsWith("error: --name fashion_cnn is not a type name"), name.err());

    Cli.Run missing = Cli.run("import-onnx", dir.resolve("none.onnx"), "--name", "X", "-o", out);
    assertEquals(2, missing.status(), missing.toString());
    assertTrue(missing.err().startsWith("error: file not found: " + dir.resolve("none.onnx")), missing.err());

    Cli.Run fileAsDir = Cli.run("import-onnx", onnx, "--name", "X", "-o", notOnnx);
    assertEquals(2, fileAsDir.status(), fileAsDir.toString());
    assertTrue(fileAsDir.err().startsWith("error: -o " + notOnnx + " is not a directory"), fileAsDir.err());

    assertFalse(Files.exists(out), "no failed import created the output directory");
  }
}
