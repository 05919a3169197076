package dev.netc.samples.annotated;

import dev.netc.annotations.Activate;
import dev.netc.annotations.Activation;
import dev.netc.annotations.Concat;
import dev.netc.annotations.Conv2d;
import dev.netc.annotations.Dense;
import dev.netc.annotations.Flatten;
import dev.netc.annotations.Input;
import dev.netc.annotations.Layer;
import dev.netc.annotations.MaxPool;
import dev.netc.annotations.Mse;
import dev.netc.annotations.Network;
import dev.netc.annotations.SoftmaxCrossEntropy;

/**
 * The graph network of {@code src/main/net/dev/netc/samples/ImageAndMeta.net} (two inputs, a
 * concat, two outputs with their own losses) as an annotated interface: javac with the netc
 * annotation processor generates {@link ImageAndMetaNetModel} from it.
 */
@Network
public interface ImageAndMetaNet {
  @Input({1, 28, 28})
  Layer image();

  @Input(3)
  Layer meta();

  @Conv2d(filters = 8, kernel = 3, input = "image")
  Layer conv();

  @Activate(Activation.RELU)
  Layer relu();

  @MaxPool(size = 2)
  Layer pooled();

  @Flatten
  Layer features();

  @Dense(units = 8, activation = Activation.RELU, input = "meta")
  Layer m();

  /** The image's 1,352 features and the 8 of the numbers, side by side. */
  @Concat({"features", "m"})
  Layer joined();

  @Dense(units = 10)
  @SoftmaxCrossEntropy
  Layer logits();

  @Dense(units = 1, input = "joined")
  @Mse(weight = 0.1)
  Layer size();
}
