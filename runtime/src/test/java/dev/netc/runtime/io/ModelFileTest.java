package dev.netc.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.LinearModel;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OptimizerSpec;
import dev.netc.runtime.TrainingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
  @TempDir Path dir;

  private LinearModel saved;
  private Path file;
  private LinearModel target;
  private float[] before;

  @BeforeEach
  void setUp() throws IOException {
    saved = new LinearModel("Lin", 3, 2, LossKind.MSE);
    saved.initialize(1);
    saved.parameters()[7] = 0.75f;
    file = dir.resolve("lin.netc");
    ModelFile.save(saved, file);
    target = new LinearModel("Lin", 3, 2, LossKind.MSE);
    target.initialize(2);
    before = target.parameters().clone();
  }

  /** Asserts the load fails with a message naming the file and containing {@code text}. */
  private ModelFileException fails(Model model, Path f, String text) {
    float[] params = model.parameters().clone();
    ModelFileException e = assertThrows(ModelFileException.class, () -> ModelFile.load(model, f));
    assertTrue(e.getMessage().startsWith(f + ": "), e.getMessage());
    assertEquals(f, e.file());
    assertTrue(e.problem().contains(text), e.getMessage());
    assertArrayEquals(params, model.parameters(), "a failed load must leave the parameters alone");
    return e;
  }

  private Path variant(String name, byte[] bytes) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, bytes);
    return p;
  }

  @Test
  void roundTrip() throws IOException {
    assertFalse(Arrays.equals(saved.parameters(), target.parameters()));
    ModelFile.load(target, file);
    assertArrayEquals(saved.parameters(), target.parameters());
    // header 24 + name 3 + 8 floats + crc
    assertEquals(24 + 3 + 8 * 4 + 4, Files.size(file));
  }

  @Test
  void saveReplacesAtomicallyAndLeavesNoTempFiles() throws IOException {
    saved.parameters()[0] = 42f;
    ModelFile.save(saved, file);
    ModelFile.load(target, file);
    assertEquals(42f, target.parameters()[0]);
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of(file), files.toList());
    }
  }

  @Test
  void saveToARelativePathWorks() throws IOException {
    Path rel = Path.of("target", "model-file-test-" + System.nanoTime() + ".netc");
    try {
      ModelFile.save(saved, rel);
      ModelFile.load(target, rel);
      assertArrayEquals(saved.parameters(), target.parameters());
    } finally {
      Files.deleteIfExists(rel);
    }
  }

  @Test
  void badMagic() throws IOException {
    fails(target, variant("text", "hello, this is not a model".getBytes(StandardCharsets.UTF_8)),
        "not a netc model file");
    fails(target, variant("empty", new byte[0]), "not a netc model file (only 0 bytes)");
  }

  @Test
  void unsupportedVersion() throws IOException {
    byte[] b = Files.readAllBytes(file);
    b[7] = 4;
    fails(target, variant("v4", b), "unsupported format version 4 (this runtime reads versions 1 to 3)");
  }

  @Test
  void wrongNetwork() throws IOException {
    LinearModel other = new LinearModel("Other", 3, 2, LossKind.MSE);
    fails(other, file, "written for network Lin, not Other");
  }

  @Test
  void differentParameterCount() throws IOException {
    LinearModel wider = new LinearModel("Lin", 4, 2, LossKind.MSE);
    fails(wider, file, "the file has 8 parameters, network Lin has 10");
  }

  @Test
  void sameCountDifferentShapes() throws IOException {
    // [1, 4] + [4] has as many parameters as [3, 2] + [2]: only the hash tells them apart.
    LinearModel reshaped = new LinearModel("Lin", 1, 4, LossKind.MSE);
    ModelFileException e = fails(reshaped, file, "parameter layout differs: layout hash");
    assertTrue(e.problem().contains("same count, 8"), e.getMessage());
  }

  @Test
  void renamedParameter() throws IOException {
    LinearModel renamed =
        new LinearModel(
            "Lin", 3, 2, LossKind.MSE, new OptimizerSpec("sgd", Map.of()), TrainingSpec.DEFAULTS,
            "dense.kernel");
    assertNotEquals(
        ModelFile.layoutHash(renamed.parameterInfo()), ModelFile.layoutHash(target.parameterInfo()));
    fails(renamed, file, "parameter layout differs");
  }

  @Test
  void truncated() throws IOException {
    byte[] b = Files.readAllBytes(file);
    for (int length : new int[] {6, 10, 20, 30, b.length - 5, b.length - 1}) {
      fails(target, variant("cut" + length, Arrays.copyOf(b, length)), "truncated");
    }
    assertArrayEquals(before, target.parameters());
  }

  @Test
  void trailingBytes() throws IOException {
    byte[] b = Files.readAllBytes(file);
    fails(target, variant("long", Arrays.copyOf(b, b.length + 3)), "3 unexpected bytes");
  }

  @Test
  void flippedByteFailsTheChecksum() throws IOException {
    byte[] b = Files.readAllBytes(file);
    // In the floats, in the name, in the hash, in the checksum itself.
    for (int at : new int[] {40, 13, 18, b.length - 2}) {
      byte[] c = b.clone();
      c[at] ^= 0x10;
      fails(target, variant("flip" + at, c), "checksum mismatch");
    }
  }

  @Test
  void hugeDeclaredNameOrCountIsNotAllocated() throws IOException {
    byte[] b = Files.readAllBytes(file);
    byte[] c = b.clone();
    c[8] = 0x7f; // name length ~2 GB
    fails(target, variant("name", c), "declares a 2130706435-byte network name");
    byte[] d = b.clone();
    d[23] = 0x7f; // parameter count (bytes 23..26 after a 3-byte name) ~2 G
    fails(target, variant("count", d), "truncated");
  }

  @Test
  void missingFileIsAPlainIoException() {
    IOException e =
        assertThrows(IOException.class, () -> ModelFile.load(target, dir.resolve("nope")));
    assertFalse(e instanceof ModelFileException);
  }
}
