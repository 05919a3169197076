package dev.netc.dsl;

/** The example networks of design section 3, verbatim. */
final class Samples {

  private Samples() {}

  static final String FASHION_MLP = """
      // src/main/net/FashionMlp.net
      network FashionMlp {
        input image: float[28, 28];        // batch dimension is implicit
        flatten;                            // bare statements chain from the previous value
        dense(256, activation: relu);
        dropout(0.2);
        dense(10);
        loss softmax_cross_entropy;
        optimizer adam(lr: 0.001);
      }
      """;

  static final String SMALL_RES_NET = """
      import "blocks.net";

      block conv_bn_relu(x, filters) {
        return conv2d(x, filters, kernel: 3, padding: same) -> batchnorm -> relu;
      }

      network SmallResNet {
        input image: float[1, 28, 28];                       // channels-first
        a = conv_bn_relu(image, 16);
        b = conv2d(a, 16, kernel: 3, padding: same) -> batchnorm;
        c = add(a, b) -> relu -> maxpool(2);
        logits = global_avgpool(c) -> dense(10);
        output logits;
        loss softmax_cross_entropy;
        optimizer sgd(lr: 0.05, momentum: 0.9);
        training { batch: 64; epochs: 10; seed: 42; regularize: l2(1e-4);
                   early_stopping(monitor: val_loss, patience: 3); }
      }
      """;

  static final String CHAR_LSTM = """
      network CharLstm {
        input text: int[64];                 // token ids, fixed length
        embedding(vocab: 96, dim: 32);
        lstm(128, sequences: true);
        gru(128);
        dense(96);
        loss softmax_cross_entropy;
        optimizer rmsprop(lr: 0.002);
      }
      """;

  static ParseResult parse(String text) {
    return NetParser.parse(new SourceFile("test.net", text));
  }
}
