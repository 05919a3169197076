package dev.netc.consumer;

import dev.netc.annotations.Activation;
import dev.netc.annotations.Dense;
import dev.netc.annotations.Input;
import dev.netc.annotations.Layer;
import dev.netc.annotations.Loss;
import dev.netc.annotations.Network;
import dev.netc.annotations.Optimizer;
import dev.netc.annotations.Optimizers;
import dev.netc.annotations.Training;

/** Xor.net as an annotated interface: the processor generates XorNetModel into this module. */
@Network(loss = Loss.MSE, optimizer = @Optimizer(value = Optimizers.SGD, lr = 0.5, momentum = 0.9))
@Training(batch = 4, epochs = 500, seed = 7)
public interface XorNet {
  @Input(2)
  Layer x();

  @Dense(units = 4, activation = Activation.TANH)
  Layer hidden();

  @Dense(units = 1, activation = Activation.SIGMOID)
  Layer out();
}
