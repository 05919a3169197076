package dev.netc.codegen.ops;

import dev.netc.codegen.testing.NetFixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every whole-network reference case under {@code src/test/resources/fixtures/net/<area>/}, written
 * by the {@code fixtures/*_reference.py} scripts (PyTorch) in {@link NetFixture}'s format: output,
 * loss, parameter and input gradients within the case's tolerance (1e-5 relative by default).
 */
class NetReferenceTest {

  static Stream<String> cases() {
    try {
      Path root = Path.of(NetReferenceTest.class.getResource("/fixtures/net").toURI());
      try (Stream<Path> files = Files.walk(root)) {
        return files.filter(p -> p.toString().endsWith(".txt"))
            .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList().stream();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithReference(String file) {
    int slash = file.lastIndexOf('/');
    String dir = slash < 0 ? "net" : "net/" + file.substring(0, slash);
    System.out.print(NetFixture.load(dir, file.substring(slash + 1)).check());
  }
}
