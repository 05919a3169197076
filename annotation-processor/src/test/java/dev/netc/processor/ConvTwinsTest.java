package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Convolution, pooling and normalization ops from both front ends: each annotated interface
 * generates exactly the class of its .net twin ({@link Twins}).
 */
class ConvTwinsTest {

  @Test
  void conv2dPoolsBatchNormUpsampleAndTransposedConv() {
    String code = Twins.assertSameCode("Conv2dNet", """
        @Network(optimizer = @Optimizer(value = Optimizers.ADAM, lr = 0.001))
        interface Conv2dNet {
          @Input({1, 12, 12}) Layer image();
          @Conv2d(filters = 4, kernel = 3, padding = Padding.SAME, bias = false, init = Init.HE_NORMAL)
          Layer conv();
          @BatchNorm(momentum = 0.2, eps = 0.001) Layer bn();
          @Activate(Activation.RELU) Layer act();
          @Conv2d(filters = 8, kernel = {3, 3}, stride = 2, pad = 1, dilation = 1, groups = 2,
              activation = Activation.RELU)
          Layer grouped();
          @Conv2d(filters = 8, kernel = 3, padding = Padding.SAME, groups = 8) Layer depthwise();
          @MaxPool(size = 2) Layer pooled();
          @AvgPool(size = {1, 1}, stride = 1, padding = Padding.VALID) Layer averaged();
          @Upsample(factor = 2, mode = UpsampleMode.NEAREST) Layer up();
          @ConvTranspose2d(filters = 4, kernel = 2, stride = 2, padding = 0, outputPadding = 1,
              activation = Activation.SIGMOID, bias = true, init = Init.XAVIER_UNIFORM)
          Layer deconv();
          @GlobalAvgPool Layer gap();
          @Dense(units = 10) @SoftmaxCrossEntropy Layer logits();
        }
        """, """
        network Conv2dNetModel {
          input image: float[1, 12, 12];
          conv = conv2d(4, kernel: 3, padding: same, bias: false, init: he_normal);
          bn = batchnorm(momentum: 0.2, eps: 0.001);
          act = relu;
          grouped = conv2d(8, kernel: [3, 3], stride: 2, padding: 1, dilation: 1, groups: 2, activation: relu);
          depthwise = conv2d(8, kernel: 3, padding: same, groups: 8);
          pooled = maxpool(size: 2);
          averaged = avgpool(size: [1, 1], stride: 1, padding: valid);
          up = upsample(factor: 2, mode: nearest);
          deconv = conv_transpose2d(4, kernel: 2, stride: 2, padding: 0, output_padding: 1, activation: sigmoid,
              bias: true, init: xavier_uniform);
          gap = global_avgpool;
          logits = dense(10);
          output logits;
          loss softmax_cross_entropy(logits);
          optimizer adam(lr: 0.001);
        }
        """);
    // the twins are not trivially equal: the layers are all there, with their kernels
    for (String layer : new String[] {"conv", "bn", "grouped", "depthwise", "pooled", "averaged", "up", "deconv",
        "gap", "logits"}) {
      assertTrue(code.contains(layer + "Forward("), layer + " in\n" + code);
    }
  }

  @Test
  void conv1dGlobalMaxPoolDropoutReshapeAndActivations() {
    Twins.assertSameCode("Conv1dNet", """
        @Network(loss = Loss.BINARY_CROSS_ENTROPY_WITH_LOGITS,
            optimizer = @Optimizer(value = Optimizers.SGD, lr = 0.05, momentum = 0.9, nesterov = true))
        abstract class Conv1dNet {
          @Input({2, 16}) abstract Layer signal();
          @Conv1d(filters = 4, kernel = 5, pad = 2, stride = 1, activation = Activation.ELU,
              init = Init.XAVIER_UNIFORM)
          abstract Layer conv();
          @MaxPool(size = 2, stride = 2) abstract Layer pooled();
          @AvgPool(size = 2, padding = Padding.VALID) abstract Layer averaged();
          @GlobalMaxPool abstract Layer strongest();
          @Dropout(rate = 0.1) abstract Layer dropped();
          @Reshape({2, 2}) abstract Layer grid();
          @Flatten abstract Layer flat();
          @Activate(value = Activation.LEAKY_RELU, alpha = 0.2) abstract Layer leaky();
          @Activate(value = Activation.ELU, alpha = 0.5) abstract Layer elu();
          @Activate(Activation.GELU) abstract Layer gelu();
          @Activate(Activation.SILU) abstract Layer silu();
          @Activate(Activation.SOFTPLUS) abstract Layer softplus();
          @Activate(Activation.TANH) abstract Layer tanh();
          @Dense(units = 2, activation = Activation.SIGMOID, bias = false, init = Init.XAVIER_NORMAL)
          abstract Layer out();
        }
        """, """
        network Conv1dNetModel {
          input signal: float[2, 16];
          conv = conv1d(4, kernel: 5, stride: 1, padding: 2, activation: elu, init: xavier_uniform);
          pooled = maxpool(size: 2, stride: 2);
          averaged = avgpool(size: 2, padding: valid);
          strongest = global_maxpool;
          dropped = dropout(0.1);
          grid = reshape([2, 2]);
          flat = flatten;
          leaky = leaky_relu(alpha: 0.2);
          elu = elu(alpha: 0.5);
          gelu = gelu;
          silu = silu;
          softplus = softplus;
          tanh = tanh;
          out = dense(2, activation: sigmoid, bias: false, init: xavier_normal);
          loss binary_cross_entropy_with_logits;
          optimizer sgd(lr: 0.05, momentum: 0.9, nesterov: true);
        }
        """);
  }

  @Test
  void layerNormOverTwoAxes() {
    Twins.assertSameCode("Norms", """
        @Network(loss = Loss.MSE)
        interface Norms {
          @Input({3, 4}) Layer x();
          @LayerNorm(axes = {0, 1}, eps = 0.0001) Layer normed();
          @BatchNorm Layer batch();
          @Flatten Layer flat();
          @Dense(units = 2) Layer out();
        }
        """, """
        network NormsModel {
          input x: float[3, 4];
          normed = layernorm(axes: [0, 1], eps: 0.0001);
          batch = batchnorm;
          flat = flatten;
          out = dense(2);
          loss mse;
        }
        """);
  }
}
