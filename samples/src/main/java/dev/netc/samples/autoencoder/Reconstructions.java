package dev.netc.samples.autoencoder;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;

/**
 * Reconstruction error of an autoencoder on images: the mean squared error per pixel of its
 * output against its input, and the baseline it has to beat, predicting the mean training image
 * for every image.
 */
public final class Reconstructions {
  private Reconstructions() {}

  /** An autoencoder's data: the images are both the inputs and the targets. */
  public static Dataset selfTargets(Dataset images) {
    return Dataset.of(images.inputs(), images.inputs(), images.inputSize(), images.inputSize());
  }

  /** The pixel-wise mean of {@code images}. */
  public static float[] meanImage(Dataset images) {
    int n = images.inputSize();
    double[] sum = new double[n];
    float[] x = images.inputs();
    for (int i = 0; i < images.size(); i++) {
      for (int j = 0; j < n; j++) {
        sum[j] += x[i * n + j];
      }
    }
    float[] mean = new float[n];
    for (int j = 0; j < n; j++) {
      mean[j] = (float) (sum[j] / images.size());
    }
    return mean;
  }

  /** Mean squared error per pixel of predicting {@code constant} for every image. */
  public static double constantMse(Dataset images, float[] constant) {
    int n = images.inputSize();
    float[] x = images.inputs();
    double sum = 0;
    for (int i = 0; i < images.size(); i++) {
      for (int j = 0; j < n; j++) {
        double d = x[i * n + j] - constant[j];
        sum += d * d;
      }
    }
    return sum / ((double) images.size() * n);
  }

  /** Mean squared error per pixel of {@code model}'s reconstruction of every image. */
  public static double mse(Model model, Dataset images) {
    int n = images.inputSize();
    float[] x = images.inputs();
    float[] in = new float[n];
    float[] out = new float[model.outputSize()];
    double sum = 0;
    for (int i = 0; i < images.size(); i++) {
      System.arraycopy(x, i * n, in, 0, n);
      model.predict(in, out);
      for (int j = 0; j < n; j++) {
        double d = out[j] - in[j];
        sum += d * d;
      }
    }
    return sum / ((double) images.size() * n);
  }
}
