package dev.netc.runtime.kernels;

/** A per-thread float buffer that only grows: kernels borrow it for the length of one call. */
final class Scratch {
  private static final ThreadLocal<float[][]> BUFFER = ThreadLocal.withInitial(() -> new float[1][0]);

  private Scratch() {}

  static float[] get(int size) {
    float[][] holder = BUFFER.get();
    if (holder[0].length < size) {
      holder[0] = new float[size];
    }
    return holder[0];
  }
}
