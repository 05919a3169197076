package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Graph networks from both front ends: merges naming their layers by method name, several inputs,
 * several outputs with their own losses and weights ({@link Twins}).
 */
class GraphTwinsTest {

  @Test
  void residualBlockWithAddAndConcatTwoInputsTwoOutputs() {
    String code = Twins.assertSameCode("Residual", """
        @Network(optimizer = @Optimizer(value = Optimizers.ADAMW, lr = 0.002, weightDecay = 0.05))
        @Training(batch = 16, epochs = 3, seed = 11)
        interface Residual {
          @Input({2, 8, 8}) Layer image();
          @Input(3) Layer meta();
          @Conv2d(filters = 4, kernel = 3, padding = Padding.SAME, activation = Activation.RELU, input = "image")
          Layer stem();
          @Conv2d(filters = 4, kernel = 3, padding = Padding.SAME) Layer branch();
          @BatchNorm Layer bn();
          @Add("stem") Layer res();
          @Activate(Activation.RELU) Layer act();
          @Concat(value = {"act", "stem"}, axis = 0) Layer wide();
          @GlobalAvgPool Layer gap();
          @Dense(units = 8, activation = Activation.TANH, input = "meta") Layer m();
          @Mul({"gap", "m"}) Layer gated();
          @Sub({"gated", "m"}) Layer diff();
          @Concat({"diff", "m"}) Layer joined();
          @Dense(units = 10) @SoftmaxCrossEntropy(targets = Targets.CLASS_INDEX, labelSmoothing = 0.1)
          Layer logits();
          @Dense(units = 1, input = "joined") @Mse(weight = 0.1) Layer size();
        }
        """, """
        network ResidualModel {
          input image: float[2, 8, 8];
          input meta: float[3];
          stem = conv2d(image, 4, kernel: 3, padding: same, activation: relu);
          branch = conv2d(4, kernel: 3, padding: same);
          bn = batchnorm;
          res = add(stem);
          act = relu;
          wide = concat(act, stem, axis: 0);
          gap = global_avgpool;
          m = dense(meta, 8, activation: tanh);
          gated = mul(gap, m);
          diff = sub(gated, m);
          joined = concat(diff, m);
          logits = dense(10);
          size = dense(joined, 1);
          output logits, size;
          loss softmax_cross_entropy(logits, targets: class_index, label_smoothing: 0.1);
          loss mse(size, weight: 0.1);
          optimizer adamw(lr: 0.002, weight_decay: 0.05);
          training { batch: 16; epochs: 3; seed: 11; }
        }
        """);
    // add(bn, stem): the chained value first; two inputs split from the packed batch
    assertTrue(code.contains("resForward("), code);
    assertTrue(code.contains("\"image\"") && code.contains("\"meta\""), code);
    assertTrue(code.contains("\"logits\"") && code.contains("\"size\""), code);
  }

  @Test
  void addOfThreeNamedLayers() {
    Twins.assertSameCode("Sum3", """
        @Network
        interface Sum3 {
          @Input(4) Layer x();
          @Dense(units = 4, input = "x") Layer a();
          @Dense(units = 4, input = "x") Layer b();
          @Dense(units = 4, input = "x") Layer c();
          @Add({"a", "b", "c"}) Layer sum();
          @Dense(units = 2) @L1 Layer out();
        }
        """, """
        network Sum3Model {
          input x: float[4];
          a = dense(x, 4);
          b = dense(x, 4);
          c = dense(x, 4);
          sum = add(a, b, c);
          out = dense(2);
          output out;
          loss l1(out);
        }
        """);
  }

  @Test
  void theExampleOfDocsAnnotations() {
    // docs/annotations.md shows this pair as the same network
    Twins.assertSameCode("SmallResNet", """
        @Network(optimizer = @Optimizer(value = Optimizers.ADAM, lr = 0.001))
        @Training(batch = 32, epochs = 10, seed = 42)
        public interface SmallResNet {
          @Input({1, 28, 28}) Layer image();
          @Conv2d(filters = 16, kernel = 3, padding = Padding.SAME, activation = Activation.RELU) Layer stem();
          @Conv2d(filters = 16, kernel = 3, padding = Padding.SAME, bias = false) Layer branch();
          @BatchNorm Layer bn();
          @Add("stem") Layer residual();
          @Activate(Activation.RELU) Layer act();
          @GlobalAvgPool Layer pooled();
          @Dense(units = 10) @SoftmaxCrossEntropy Layer logits();
        }
        """, """
        network SmallResNetModel {
          input image: float[1, 28, 28];
          stem = conv2d(16, kernel: 3, padding: same, activation: relu);
          branch = conv2d(16, kernel: 3, padding: same, bias: false);
          bn = batchnorm;
          residual = add(stem);
          act = relu;
          pooled = global_avgpool;
          logits = dense(10);
          output logits;
          loss softmax_cross_entropy(logits);
          optimizer adam(lr: 0.001);
          training { batch: 32; epochs: 10; seed: 42; }
        }
        """);
  }
}
