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

/**
 * Model files written and read from a {@link WeightLayout} (a tool holding a network without its
 * generated class) are the files a model of that network writes and loads, with the same checks.
 */
class WeightLayoutTest {
  @TempDir Path dir;

  @Test
  void savingFromALayoutWritesTheBytesTheModelWrites() throws IOException {
    for (var model : new dev.netc.runtime.Model[] {new LinearModel("Lin", 3, 2, LossKind.MSE),
        new TwoPortModel("Two", false, 0.5, "b")}) {
      model.initialize(4);
      Path fromModel = dir.resolve(model.name() + "-model.netc");
      Path fromLayout = dir.resolve(model.name() + "-layout.netc");
      ModelFile.save(model, fromModel);
      ModelFile.save(WeightLayout.of(model), model.parameters().clone(), fromLayout);
      assertArrayEquals(Files.readAllBytes(fromModel), Files.readAllBytes(fromLayout), model.name());
      assertArrayEquals(model.parameters(), ModelFile.read(WeightLayout.of(model), fromLayout), model.name());
    }
  }

  @Test
  void readingChecksNameLayoutAndSize() throws IOException {
    LinearModel saved = new LinearModel("Lin", 3, 2, LossKind.MSE);
    saved.initialize(1);
    Path f = dir.resolve("lin.netc");
    ModelFile.save(saved, f);
    ModelFileException other = assertThrows(ModelFileException.class,
        () -> ModelFile.read(WeightLayout.of(new LinearModel("Lin", 4, 2, LossKind.MSE)), f));
    assertTrue(other.getMessage().contains("parameter"), other.getMessage());
    ModelFileException renamed = assertThrows(ModelFileException.class,
        () -> ModelFile.read(WeightLayout.of(new LinearModel("Other", 3, 2, LossKind.MSE)), f));
    assertTrue(renamed.getMessage().contains("written for network Lin, not Other"), renamed.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> ModelFile.save(WeightLayout.of(saved), new float[3], dir.resolve("short.netc")));
    assertEquals("network Lin has " + saved.parameterCount() + " parameters, got 3", size.getMessage());
  }
}
