package dev.netc.runtime;

/**
 * Moves one tensor in and out of a packed batch: a network with several inputs (outputs, targets)
 * holds, per example, the floats of each one after the other. Generated code calls these to split
 * the packed input into per-input buffers and to join outputs and input gradients.
 */
public final class Packing {
  private Packing() {}

  /**
   * Copies the slice {@code [offset, offset + size)} of every example of {@code packed} (examples
   * {@code stride} floats apart) into {@code dst}, examples {@code size} floats apart.
   *
   * @param packed the packed batch
   * @param stride floats per packed example
   * @param offset where the tensor starts within a packed example
   * @param size floats per example of the tensor
   * @param dst the tensor, {@code batch * size} floats
   * @param batch the number of examples
   */
  public static void unpack(float[] packed, int stride, int offset, int size, float[] dst, int batch) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(packed, b * stride + offset, dst, b * size, size);
    }
  }

  /**
   * The inverse of {@link #unpack}: copies {@code src} ({@code size} floats per example) into the
   * slice {@code [offset, offset + size)} of every example of {@code packed}.
   *
   * @param src the tensor, {@code batch * size} floats
   * @param size floats per example of the tensor
   * @param packed the packed batch
   * @param stride floats per packed example
   * @param offset where the tensor starts within a packed example
   * @param batch the number of examples
   */
  public static void pack(float[] src, int size, float[] packed, int stride, int offset, int batch) {
    for (int b = 0; b < batch; b++) {
      System.arraycopy(src, b * size, packed, b * stride + offset, size);
    }
  }

  /**
   * Zeroes the slice {@code [offset, offset + size)} of every example of {@code packed}: the input
   * gradient of an input that no gradient reaches (an {@code int[...]} input, say).
   *
   * @param packed the packed batch
   * @param stride floats per packed example
   * @param offset where the tensor starts within a packed example
   * @param size floats per example of the tensor
   * @param batch the number of examples
   */
  public static void zero(float[] packed, int stride, int offset, int size, int batch) {
    for (int b = 0; b < batch; b++) {
      java.util.Arrays.fill(packed, b * stride + offset, b * stride + offset + size, 0f);
    }
  }
}
