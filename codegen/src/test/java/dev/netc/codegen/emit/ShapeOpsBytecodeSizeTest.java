package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * slice, mean, max, upsample and positional_embedding are loops whose bounds are literals, so
 * their methods stay the same small size whatever the shapes: a few hundred bytes on large
 * tensors as on tiny ones, far under HotSpot's 8,000-byte HugeMethodLimit.
 */
class ShapeOpsBytecodeSizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Large|input x: float[64, 128, 128]; u = upsample([2, 3]); s = slice(axis: -1, from: 5, to: -7);"
          + " m = max(axis: 1); a = mean(0, keep: true); reshape([12, -1]);"
          + " pl = positional_embedding(kind: learned); ps = positional_embedding(kind: sinusoidal); flatten; dense(10);",
      "Long1d|input x: float[16, 4096]; u = upsample(4); s = slice(1, 384, 16384); m = mean(axis: 0);"
          + " reshape([250, 64]); ps = positional_embedding(kind: sinusoidal); mx = max(-1); dense(10);",
      "Tiny|input x: float[2, 2]; s = slice(0, 0, 1); u = upsample(2); m = max(0); a = mean(0); dense(2);",
  })
  void shapeOpMethodsStaySmall(String name, String body) {
    String source = "network " + name + " {\n  " + body + "\n  loss mse;\n}\n";
    Nets.Built built = Nets.compile(source);
    List<BytecodeSizeTest.MethodSize> methods = BytecodeSizeTest.methodsBySize(built);
    List<BytecodeSizeTest.MethodSize> layers = methods.stream()
        .filter(m -> m.name().matches("(s|u|m|a|mx|pl|ps)(Forward|Backward)")).toList();
    System.out.println(name + ": shape-op layer methods " + layers);
    assertTrue(layers.size() >= 8, "shape-op layer methods missing from " + methods);
    assertTrue(layers.get(0).codeLength() < 1000, "a shape-op layer method grew past 1,000 bytes: " + layers.get(0));
    assertTrue(methods.get(0).codeLength() < BytecodeSizeTest.HUGE_METHOD_LIMIT, methods.get(0).toString());
  }
}
