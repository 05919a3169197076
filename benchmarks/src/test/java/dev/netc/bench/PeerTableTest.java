package dev.netc.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The sample-network rows of the peer table: figures, accuracy, netc's advantage as a ratio, and absent rows left out. */
class PeerTableTest {

  private static List<String> tsv(String... triples) {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < triples.length; i += 3) {
      lines.add(triples[i] + "\t" + triples[i + 1] + "\t" + triples[i + 2]);
    }
    return lines;
  }

  /** The cells of the first row whose label starts with {@code label}, trimmed, label first. */
  private static List<String> row(String md, String label) {
    for (String line : md.split("\n")) {
      if (line.startsWith("| " + label)) {
        return Arrays.stream(line.substring(2, line.length() - 1).split("\\|")).map(String::trim).toList();
      }
    }
    throw new AssertionError("no row " + label + " in\n" + md);
  }

  @Test
  void trainingRowsGiveTheSubsetSizeAccuracyAndPeerOverNetcTimeWallAndCpu() {
    String md = PeerTable.of(tsv(
        "netc", "resnet.epoch_s", "20.0",
        "netc", "resnet.acc", "0.8512",
        "netc", "resnet.train_images", "10000",
        "pytorch", "resnet.epoch_s", "50.0",
        "pytorch", "resnet.acc", "0.8433",
        "netc", "resnet.epoch_cpu_s", "18.0",
        "pytorch", "resnet.epoch_cpu_s", "36.0")).render();
    List<String> cells = row(md, "fashion-resnet s/epoch");
    assertEquals("fashion-resnet s/epoch of 10,000 images", cells.get(0));
    assertEquals("20.0 [0.8512]", cells.get(1));
    assertEquals("50.0 [0.8433]", cells.get(2));
    assertEquals("2.50", cells.get(3));
    assertEquals("—", cells.get(4)); // ONNX Runtime does not train
    List<String> cpu = row(md, "fashion-resnet s/epoch of 10,000 images, CPU s");
    assertEquals("18.0", cpu.get(1));
    assertEquals("2.00", cpu.get(3));
    assertFalse(md.contains("| fashion-cnn-bn s/epoch"), "no cnn-bn figures, no cnn-bn row");
  }

  @Test
  void inferenceRowsForTheTransformerAndTheImportedModel() {
    String md = PeerTable.of(tsv(
        "netc", "transformer.b1.median_us", "400",
        "netc", "transformer.b1.p99_us", "900",
        "netc", "transformer.b256.img_s", "600",
        "netc", "transformer.acc", "0.3464",
        "ort", "transformer.b1.median_us", "500",
        "ort", "transformer.b1t.median_us", "300",
        "ort", "transformer.b256.img_s", "1200",
        "ort", "transformer.acc", "0.3464",
        "netc", "imported.b1.median_us", "50",
        "pytorch", "imported.b1.median_us", "125")).render();
    List<String> b1 = row(md, "char-transformer batch-1 latency µs, from float[]");
    assertEquals("400 (p99 900) [0.3464]", b1.get(1));
    assertEquals("1.25", b1.get(5)); // ONNX Runtime 500 µs / netc 400 µs
    List<String> own = row(md, "char-transformer batch-1 latency µs, own tensors");
    assertEquals("0.75", own.get(5)); // ONNX Runtime's own tensors, 300 µs, against netc's 400
    List<String> b256 = row(md, "char-transformer batch-256 sequences/s");
    assertEquals("0.50", b256.get(5)); // netc 600 / ONNX Runtime 1200
    assertEquals("2.50", row(md, "imported fashion_cnn.onnx batch-1 latency µs, from float[]").get(3));
    assertFalse(md.contains("| fashion-resnet batch-1"), "no resnet figures, no resnet rows");
    assertTrue(md.contains("Sample networks"), "the protocol note of the sample rows");
  }
}
