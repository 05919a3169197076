package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code multi_head_attention} and {@code layernorm} are loops over the batch, heads and rows
 * around {@code Gemm} calls, so their methods stay small whatever T, D and the head count are:
 * under 3,000 bytes of bytecode for a 512-wide, 8-head, 256-position layer, far under HotSpot's
 * 8,000-byte HugeMethodLimit.
 */
class AttentionBytecodeSizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Wide|input x: float[256, 512]; layernorm; multi_head_attention(8, causal: true); layernorm(axes: [0, 1]); time_dense(2048, activation: relu); time_dense(512);",
      "KeyDim|input x: float[64, 96]; multi_head_attention(12, key_dim: 32); layernorm; time_dense(8);",
      "Tiny|input x: float[1, 2]; multi_head_attention(1, causal: true); layernorm(eps: 0.1); time_dense(1);",
  })
  void attentionMethodsStaySmall(String name, String body) {
    String source = "network " + name + " {\n  " + body + "\n  loss mse;\n}\n";
    Nets.Built built = Nets.compile(source);
    List<BytecodeSizeTest.MethodSize> methods = BytecodeSizeTest.methodsBySize(built);
    List<BytecodeSizeTest.MethodSize> layers = methods.stream()
        .filter(m -> m.name().matches("(multiHeadAttention|layernorm)\\d*(Forward|Backward)")).toList();
    System.out.println(name + ": attention and layernorm methods " + layers);
    assertTrue(layers.size() >= 4, "forward and backward of both ops: " + methods);
    assertTrue(layers.get(0).codeLength() < 3000, "an attention or layernorm method grew past 3,000 bytes: " + layers.get(0));
    assertTrue(methods.get(0).codeLength() < BytecodeSizeTest.HUGE_METHOD_LIMIT, methods.get(0).toString());
  }
}
