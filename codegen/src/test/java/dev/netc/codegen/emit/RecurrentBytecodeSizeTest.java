package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Recurrent layers are loops over time, not unrolled steps, so their forward and backward methods
 * stay small whatever T and units are: the largest method of a 1,000-step LSTM is the size of a
 * 2-step one, and far under HotSpot's 8,000-byte HugeMethodLimit. A stacked or bidirectional
 * layer writes each layer's and direction's loops out in its one method: at the most it can stack
 * (4 bidirectional layers, 8 loops) it still stays under the limit.
 */
class RecurrentBytecodeSizeTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "FashionRnn|input x: float[28, 28]; gru(128); dense(10);|softmax_cross_entropy",
      "CharRnn|input x: int[64]; embedding(vocab: 96, dim: 32); lstm(128, sequences: true); gru(128); dense(96);|softmax_cross_entropy",
      "Long1000|input x: float[1000, 8]; lstm(256, sequences: true, reverse: true); rnn(16, activation: relu, sequences: true); time_dense(4, activation: gelu);|mse",
      "Tiny2|input x: float[2, 1]; lstm(1); dense(1);|mse",
      "Seq2Seq|input x: float[1000, 8]; input y: float[1000, 8]; enc = gru(x, 128); gru(y, 128, initial_state: enc, sequences: true); time_dense(4);|mse",
  })
  void recurrentMethodsStaySmall(String name, String body, String loss) {
    String source = "network " + name + " {\n  " + body + "\n  loss " + loss + ";\n}\n";
    Nets.Built built = Nets.compile(source);
    List<BytecodeSizeTest.MethodSize> methods = BytecodeSizeTest.methodsBySize(built);
    List<BytecodeSizeTest.MethodSize> layers = methods.stream()
        .filter(m -> m.name().matches("(lstm|gru|rnn|embedding|timeDense)\\d*.*(Forward|Backward)")).toList();
    System.out.println(name + ": recurrent layer methods " + layers);
    assertTrue(!layers.isEmpty(), "no recurrent layer methods found in " + methods);
    assertTrue(layers.get(0).codeLength() < 2000, "a recurrent layer method grew past 2,000 bytes: " + layers.get(0));
    assertTrue(methods.get(0).codeLength() < BytecodeSizeTest.HUGE_METHOD_LIMIT, methods.get(0).toString());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "BiLstm4|input x: float[1000, 8]; lstm(256, sequences: true, bidirectional: true, layers: 4); time_dense(4);|mse",
      "BiGru4|input x: float[28, 28]; bidirectional(gru(128, layers: 4), merge: add); dense(10);|softmax_cross_entropy",
      "BiRnn4|input x: float[50, 3]; rnn(64, activation: relu, sequences: true, bidirectional: true, layers: 4); time_dense(2);|mse",
      "BiGru1|input x: float[28, 28]; bidirectional(gru(128)); dense(10);|softmax_cross_entropy",
      "BiGru4H0|input x: float[28, 28]; input s: float[8, 128]; bidirectional(x, gru(128, layers: 4, initial_state: s), merge: add); dense(10);|softmax_cross_entropy",
  })
  void stackedMethodsStayUnderTheLimit(String name, String body, String loss) {
    String source = "network " + name + " {\n  " + body + "\n  loss " + loss + ";\n}\n";
    Nets.Built built = Nets.compile(source);
    List<BytecodeSizeTest.MethodSize> methods = BytecodeSizeTest.methodsBySize(built);
    List<BytecodeSizeTest.MethodSize> layers = methods.stream()
        .filter(m -> m.name().matches("(lstm|gru|rnn)\\d*.*(Forward|Backward)")).toList();
    System.out.println(name + ": recurrent layer methods " + layers);
    assertTrue(!layers.isEmpty(), "no recurrent layer methods found in " + methods);
    // 8 loops of under 1,000 bytes each; the limit is HotSpot's
    assertTrue(layers.get(0).codeLength() < 7000, "a stacked recurrent method came near 8,000 bytes: " + layers.get(0));
    assertTrue(methods.get(0).codeLength() < BytecodeSizeTest.HUGE_METHOD_LIMIT, methods.get(0).toString());
  }
}
