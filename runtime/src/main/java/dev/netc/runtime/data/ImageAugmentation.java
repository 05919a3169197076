package dev.netc.runtime.data;

import dev.netc.runtime.Rng;

/**
 * Seeded image augmentation for inputs laid out {@code [channels, height, width]} per example:
 * a random shift by up to {@code maxShift} pixels in each direction (vacated pixels become 0), a
 * horizontal flip with probability 1/2, and Gaussian noise of standard deviation {@code noise}.
 * Each example gets its own draw. One scratch image is allocated at construction, nothing per
 * batch.
 *
 * <p>Why these three: they are the label-preserving transforms that help small image classifiers
 * (Fashion-MNIST garments are left/right symmetric; digits are not, so leave {@code flip} off
 * there).
 */
public final class ImageAugmentation implements BatchAugmentation {
  private final int channels;
  private final int height;
  private final int width;
  private final int maxShift;
  private final boolean flip;
  private final double noise;
  private final float[] scratch;

  /**
   * An augmentation for images of {@code [channels, height, width]}.
   *
   * @param channels the number of channels
   * @param height the image height
   * @param width the image width
   * @param maxShift the largest shift in pixels, 0 for none
   * @param flip whether to flip horizontally with probability 1/2
   * @param noise the noise's standard deviation, 0 for none
   */
  public ImageAugmentation(int channels, int height, int width, int maxShift, boolean flip, double noise) {
    if (channels < 1 || height < 1 || width < 1 || maxShift < 0 || !(noise >= 0)) {
      throw new IllegalArgumentException("bad augmentation settings");
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.maxShift = maxShift;
    this.flip = flip;
    this.noise = noise;
    this.scratch = new float[channels * height * width];
  }

  @Override
  public void apply(float[] x, int batch, int inputSize, Rng rng) {
    int size = scratch.length;
    if (inputSize != size) {
      throw new IllegalArgumentException(
          "augmentation is for " + channels + "x" + height + "x" + width + " images, inputs have " + inputSize + " floats");
    }
    for (int b = 0; b < batch; b++) {
      int off = b * size;
      int dy = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
      int dx = maxShift == 0 ? 0 : rng.nextInt(2 * maxShift + 1) - maxShift;
      boolean mirror = flip && rng.nextInt(2) == 1;
      if (dx != 0 || dy != 0 || mirror) {
        System.arraycopy(x, off, scratch, 0, size);
        for (int c = 0; c < channels; c++) {
          int plane = c * height * width;
          for (int y = 0; y < height; y++) {
            int sy = y - dy;
            for (int xx = 0; xx < width; xx++) {
              int sx = (mirror ? width - 1 - xx : xx) - dx;
              x[off + plane + y * width + xx] =
                  sy < 0 || sy >= height || sx < 0 || sx >= width ? 0f : scratch[plane + sy * width + sx];
            }
          }
        }
      }
      if (noise > 0) {
        // Polar Box-Muller by pairs, not Rng.nextGaussian: its cached spare value is not part of
        // Rng.state(), and the generator state must be all there is for resuming bitwise.
        for (int i = 0; i < size; i += 2) {
          double u;
          double v;
          double q;
          do {
            u = rng.nextDouble() * 2 - 1;
            v = rng.nextDouble() * 2 - 1;
            q = u * u + v * v;
          } while (q >= 1 || q == 0);
          double m = Math.sqrt(-2 * Math.log(q) / q) * noise;
          x[off + i] += (float) (u * m);
          if (i + 1 < size) {
            x[off + i + 1] += (float) (v * m);
          }
        }
      }
    }
  }
}
