package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoPortModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Version 3 records the inputs and outputs; a load into a network with other ones is refused. */
class ModelFilePortsTest {
  @TempDir Path dir;

  private static TwoPortModel model(String bName, long seed) {
    TwoPortModel m = new TwoPortModel("Two", false, 0.5, bName);
    m.initialize(seed);
    return m;
  }

  @Test
  void aNetworkWithSeveralPortsIsSavedWithThemAndLoadsBack() throws IOException {
    TwoPortModel saved = model("b", 1);
    Path plain = dir.resolve("plain.netc");
    Path checkpoint = dir.resolve("checkpoint.netc");
    ModelFile.save(saved, plain);
    ModelFile.save(saved, checkpoint, null);
    assertEquals(ModelFile.VERSION_3, ModelFile.version(plain));
    assertEquals(ModelFile.VERSION_3, ModelFile.version(checkpoint));
    for (Path f : new Path[] {plain, checkpoint}) {
      TwoPortModel loaded = model("b", 2);
      ModelFile.load(loaded, f);
      assertArrayEquals(saved.parameters(), loaded.parameters());
    }
    // one input and one output: still plain version 1 from save(model, file)
    LinearModel single = new LinearModel("Lin", 3, 2, LossKind.MSE);
    single.initialize(1);
    ModelFile.save(single, plain);
    assertEquals(ModelFile.VERSION, ModelFile.version(plain));
  }

  @Test
  void otherPortsAreRefusedNamingTheFileAndBothPortLists() throws IOException {
    Path f = dir.resolve("two.netc");
    ModelFile.save(model("b", 1), f);
    TwoPortModel renamed = model("meta", 2);
    float[] before = renamed.parameters().clone();
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(renamed, f));
    assertEquals(f + ": written for a network with inputs [a[2], b[3]] and outputs [logits[3], score[1]];"
        + " network Two has inputs [a[2], meta[3]] and outputs [logits[3], score[1]]. The file's weights belong"
        + " to another version of the network: load a file saved from this one, or use"
        + " ModelFile.loadPretrained to copy the tensors that match", e.getMessage());
    assertArrayEquals(before, renamed.parameters(), "a refused load leaves the model as it was");
    // fine-tuning matches tensors, whatever the ports
    TransferReport report = ModelFile.loadPretrained(renamed, f);
    assertTrue(report.toString().contains("dense.weight"), report.toString());
  }

  @Test
  void filesWithoutAPortTableStillLoad() throws IOException {
    TwoPortModel saved = model("b", 1);
    Path v2 = dir.resolve("v2.netc");
    Files.write(v2, ModelFileV2Writer.encode(WeightLayout.of(saved), saved.parameters(), null, ModelFile.VERSION_2));
    assertEquals(ModelFile.VERSION_2, ModelFile.version(v2));
    TwoPortModel loaded = model("meta", 2);
    ModelFile.load(loaded, v2);
    assertArrayEquals(saved.parameters(), loaded.parameters());
    Path v1 = dir.resolve("v1.netc");
    try (var ch = java.nio.channels.FileChannel.open(v1, java.nio.file.StandardOpenOption.CREATE_NEW,
        java.nio.file.StandardOpenOption.WRITE)) {
      ModelFileV1Writer.write(WeightLayout.of(saved), saved.parameters(), ch);
    }
    TwoPortModel fromV1 = model("b", 3);
    ModelFile.load(fromV1, v1);
    assertArrayEquals(saved.parameters(), fromV1.parameters());
  }

  @Test
  void everyTruncationAndBitFlipOfThePortTableIsRejected() throws IOException {
    Path f = dir.resolve("good.netc");
    TwoPortModel saved = model("b", 1);
    ModelFile.save(saved, f, null);
    byte[] good = Files.readAllBytes(f);
    Path bad = dir.resolve("bad.netc");
    TwoPortModel target = model("b", 2);
    float[] before = target.parameters().clone();
    // the port table and the state byte sit just before the checksum
    for (int cut = good.length - 80; cut < good.length; cut++) {
      Files.write(bad, java.util.Arrays.copyOf(good, cut));
      assertThrows(ModelFileException.class, () -> ModelFile.load(target, bad), "cut at " + cut);
    }
    for (int bit = (good.length - 80) * 8; bit < good.length * 8; bit++) {
      byte[] b = good.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(bad, b);
      assertThrows(ModelFileException.class, () -> ModelFile.load(target, bad), "bit " + bit);
    }
    assertArrayEquals(before, target.parameters());
  }
}
