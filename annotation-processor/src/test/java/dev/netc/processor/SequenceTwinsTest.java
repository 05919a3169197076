package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Embedding, recurrent, attention and shape ops from both front ends: each annotated interface
 * generates exactly the class of its .net twin ({@link Twins}).
 */
class SequenceTwinsTest {

  private static final String TAGGER_JAVA = """
      @Network(optimizer = @Optimizer(value = Optimizers.RMSPROP, lr = 0.01))
      interface Tagger {
        @Input(value = 6, type = int.class) Layer tokens();
        @Embedding(vocab = 20, dim = 8) Layer embedded();
        @PositionalEmbedding(kind = PositionKind.SINUSOIDAL) Layer positioned();
        @LayerNorm(eps = 0.0001) Layer normed();
        @MultiHeadAttention(heads = 2, keyDim = 4, causal = true) Layer attended();
        @Gru(units = 5, bidirectional = true, merge = DirectionMerge.ADD, sequences = true) Layer bigru();
        @Gru(units = 4, input = "embedded") Layer enc();
        @Lstm(units = 4, input = "bigru", sequences = true, initialState = "enc", initialCell = "enc",
            recurrentInit = RecurrentInit.XAVIER_UNIFORM)
        Layer dec();
        @Rnn(units = 4, activation = Activation.RELU, reverse = true, sequences = true, layers = 2) Layer back();
        @TimeDense(units = 3, activation = Activation.TANH) Layer perStep();
        @Slice(axis = 0, from = 0, to = 4) Layer first();
        @Mean(axis = 0) Layer average();
        @Max(axis = 0, input = "first") Layer strongest();
        @Add({"average", "strongest"}) Layer both();
        @Dense(units = 3) @Mse Layer out();
      }
      """;

  private static final String TAGGER_NET = """
      network TaggerModel {
        input tokens: int[6];
        embedded = embedding(20, 8);
        positioned = positional_embedding(kind: sinusoidal);
        normed = layernorm(eps: 0.0001);
        attended = multi_head_attention(heads: 2, key_dim: 4, causal: true);
        bigru = gru(5, bidirectional: true, merge: add, sequences: true);
        enc = gru(embedded, 4);
        dec = lstm(bigru, 4, sequences: true, initial_state: enc, initial_cell: enc, recurrent_init: xavier_uniform);
        back = rnn(4, activation: relu, reverse: true, sequences: true, layers: 2);
        perStep = time_dense(3, activation: tanh);
        first = slice(axis: 0, from: 0, to: 4);
        average = mean(axis: 0);
        strongest = max(first, axis: 0);
        both = add(average, strongest);
        out = dense(3);
        output out;
        loss mse(out);
        optimizer rmsprop(lr: 0.01);
      }
      """;

  @Test
  void embeddingAttentionRecurrentAndShapeOps() {
    String code = Twins.assertSameCode("Tagger", TAGGER_JAVA, TAGGER_NET);
    // the encoder's state is the decoder's second input, h0 and c0 in its methods
    assertTrue(code.contains("h0"), code);
    assertTrue(code.contains("c0"), code);
  }

  @Test
  void stackedLstmKeepingTheReducedAxis() {
    Twins.assertSameCode("Stacked", """
        @Network(loss = Loss.MSE)
        interface Stacked {
          @Input({5, 3}) Layer x();
          @PositionalEmbedding(kind = PositionKind.LEARNED) Layer positioned();
          @Lstm(units = 4, layers = 2, sequences = true, reverse = true) Layer lstm();
          @Rnn(units = 3, sequences = true, bidirectional = true) Layer rnn();
          @Mean(axis = -1, keep = true) Layer avg();
          @Max(axis = 0, keep = true) Layer top();
          @Flatten Layer flat();
          @Dense(units = 1) Layer out();
        }
        """, """
        network StackedModel {
          input x: float[5, 3];
          positioned = positional_embedding(kind: learned);
          lstm = lstm(4, layers: 2, sequences: true, reverse: true);
          rnn = rnn(3, sequences: true, bidirectional: true);
          avg = mean(axis: -1, keep: true);
          top = max(axis: 0, keep: true);
          flat = flatten;
          out = dense(1);
          loss mse;
        }
        """);
  }

  @Test
  void twinsThatDifferInOneArgumentAreToldApart() {
    // the comparison is exact: an lstm without its initial cell is another class
    assertThrows(AssertionFailedError.class, () -> Twins.assertSameCode("Tagger", TAGGER_JAVA,
        TAGGER_NET.replace(", initial_cell: enc", "")));
  }
}
