package dev.netc.processor;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every loss with its arguments and every optimizer with every argument it takes, from both front
 * ends: the annotated interface generates exactly the class of its .net twin ({@link Twins}).
 */
class LossOptimizerTwinsTest {

  /** (case, output layer with its loss annotation, the .net output layer and loss). */
  static Stream<Arguments> losses() {
    return Stream.of(
        Arguments.of("MseNet", "@Dense(units = 3) @Mse(weight = 2.0) Layer out();",
            "out = dense(3); output out; loss mse(out, weight: 2.0);"),
        Arguments.of("L1Net", "@Dense(units = 3) @L1 Layer out();", "out = dense(3); output out; loss l1(out);"),
        Arguments.of("HuberNet", "@Dense(units = 3) @Huber(delta = 0.5) Layer out();",
            "out = dense(3); output out; loss huber(out, delta: 0.5);"),
        Arguments.of("SceNet", """
            @Dense(units = 3) @SoftmaxCrossEntropy(targets = Targets.CLASS_INDEX, labelSmoothing = 0.05,
                classWeights = {1.0, 2.5, 0.5})
            Layer out();""",
            "out = dense(3); output out;"
                + " loss softmax_cross_entropy(out, targets: class_index, label_smoothing: 0.05, class_weights: [1.0, 2.5, 0.5]);"),
        Arguments.of("SceDistributionNet", "@Dense(units = 3) @SoftmaxCrossEntropy(targets = Targets.DISTRIBUTION) Layer out();",
            "out = dense(3); output out; loss softmax_cross_entropy(out, targets: distribution);"),
        Arguments.of("BceNet", "@Dense(units = 3) @BinaryCrossEntropyWithLogits(posWeight = {2.0, 1.0, 3.0}) Layer out();",
            "out = dense(3); output out; loss binary_cross_entropy_with_logits(out, pos_weight: [2.0, 1.0, 3.0]);"),
        Arguments.of("BceOneWeightNet", "@Dense(units = 3) @BinaryCrossEntropyWithLogits(posWeight = 4.0) Layer out();",
            "out = dense(3); output out; loss binary_cross_entropy_with_logits(out, pos_weight: [4.0]);"),
        Arguments.of("KlNet", "@Dense(units = 3) Layer logits(); @Activate(Activation.LOG_SOFTMAX) @KlDivergence Layer out();",
            "logits = dense(3); out = log_softmax; output out; loss kl_divergence(out);"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("losses")
  void lossAnnotations(String name, String javaOutput, String netOutput) {
    Twins.assertSameCode(name, "@Network\ninterface " + name + " {\n  @Input(4) Layer x();\n  " + javaOutput + "\n}\n",
        "network " + name + "Model {\n  input x: float[4];\n  " + netOutput + "\n}\n");
  }

  /**
   * (case, @Optimizer, the .net optimizer): each with every element the optimizer takes, in the
   * order written (the generated class lists them so, from either front end).
   */
  static Stream<Arguments> optimizers() {
    return Stream.of(
        Arguments.of("Sgd", "@Optimizer(value = Optimizers.SGD, lr = 0.1, momentum = 0.9, dampening = 0.1,"
            + " nesterov = false, weightDecay = 0.0001)",
            "sgd(lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: false, weight_decay: 0.0001)"),
        Arguments.of("Gd", "@Optimizer(value = Optimizers.GD, lr = 0.2, momentum = 0.5, nesterov = true)",
            "gd(lr: 0.2, momentum: 0.5, nesterov: true)"),
        Arguments.of("Adam", "@Optimizer(value = Optimizers.ADAM, lr = 0.003, beta1 = 0.8, beta2 = 0.99,"
            + " eps = 1e-7, weightDecay = 0.001)",
            "adam(lr: 0.003, beta1: 0.8, beta2: 0.99, eps: 1e-7, weight_decay: 0.001)"),
        Arguments.of("AdamW", "@Optimizer(value = Optimizers.ADAMW, lr = 0.001, beta1 = 0.9, beta2 = 0.95,"
            + " eps = 1e-6, weightDecay = 0.1)",
            "adamw(lr: 0.001, beta1: 0.9, beta2: 0.95, eps: 1e-6, weight_decay: 0.1)"),
        Arguments.of("AdaGrad", "@Optimizer(value = Optimizers.ADAGRAD, lr = 0.05, lrDecay = 0.001,"
            + " weightDecay = 0.0002, initialAccumulatorValue = 0.1, eps = 1e-9)",
            "adagrad(lr: 0.05, lr_decay: 0.001, weight_decay: 0.0002, initial_accumulator_value: 0.1, eps: 1e-9)"),
        Arguments.of("RmsProp", "@Optimizer(value = Optimizers.RMSPROP, lr = 0.005, alpha = 0.95, eps = 1e-7,"
            + " weightDecay = 0.0003, momentum = 0.5, centered = true)",
            "rmsprop(lr: 0.005, alpha: 0.95, eps: 1e-7, weight_decay: 0.0003, momentum: 0.5, centered: true)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("optimizers")
  void optimizerAnnotations(String name, String javaOptimizer, String netOptimizer) {
    Twins.assertSameCode(name, "@Network(loss = Loss.HUBER, optimizer = " + javaOptimizer + ")\n"
        + "@Training(batch = 8, epochs = 2, seed = 3)\n"
        + "interface " + name + " {\n  @Input(4) Layer x();\n  @Dense(units = 2) Layer out();\n}\n",
        "network " + name + "Model {\n  input x: float[4];\n  out = dense(2);\n  loss huber;\n"
            + "  optimizer " + netOptimizer + ";\n  training { batch: 8; epochs: 2; seed: 3; }\n}\n");
  }
}
