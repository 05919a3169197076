package dev.netc.codegen.ops;

import dev.netc.codegen.testing.NetFixture;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every whole-network reference case under {@code src/test/resources/fixtures/net/<area>/}, written
 * by the {@code fixtures/*_reference.py} scripts (PyTorch) in {@link NetFixture}'s format: output,
 * loss, parameter and input gradients (and updated running statistics, where given) within the
 * case's tolerance (1e-5 relative by default). Loading a case checks its provenance header.
 */
class NetReferenceTest {

  static Stream<String> cases() {
    return NetFixture.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void agreesWithReference(String file) {
    System.out.print(NetFixture.load(file).check());
  }
}
