package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.TwoLayerModel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format version through the one entry point. */
class ModelFileVersionsTest {
  @TempDir Path dir;

  static TwoLayerModel net(long seed) {
    TwoLayerModel m = new TwoLayerModel("Two", 4, 8, 3, LossKind.SOFTMAX_CROSS_ENTROPY, 0.2f);
    m.initialize(seed);
    return m;
  }

  @Test
  void modelFileVersion2RoundTripAndVersion1StillReads() throws Exception {
    TwoLayerModel a = net(1);
    Path v1 = dir.resolve("v1.netc");
    Path v2 = dir.resolve("v2.netc");
    ModelFile.save(a, v1);
    ModelFile.save(a, v2, null);
    assertEquals(1, ModelFile.version(v1));
    assertEquals(3, ModelFile.version(v2));
    TwoLayerModel b = net(2);
    assertNull(ModelFile.loadCheckpoint(b, v1));
    assertArrayEquals(a.parameters(), b.parameters());
    TwoLayerModel c = net(3);
    ModelFile.load(c, v2);
    assertArrayEquals(a.parameters(), c.parameters());
    byte[] bytes = Files.readAllBytes(v2);
    bytes[30] ^= 1;
    Files.write(v2, bytes);
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(net(4), v2));
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertThrows(ModelFileException.class, () -> ModelFile.loadPretrained(net(4), v1));
  }
}
