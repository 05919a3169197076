package dev.netc.runtime.kernels;

/**
 * Per-thread float buffers that only grow: kernels borrow one for the length of a call. Two
 * slots, because {@link Gemm#nt} hands its transposed operand to {@link Gemm#nn}, which may
 * need a buffer of its own.
 */
final class Scratch {
  static final int OPERAND = 0;
  static final int PRODUCT = 1;

  private static final ThreadLocal<float[][]> BUFFERS = ThreadLocal.withInitial(() -> new float[2][0]);

  private Scratch() {}

  static float[] get(int slot, int size) {
    float[][] holder = BUFFERS.get();
    if (holder[slot].length < size) {
      holder[slot] = new float[size];
    }
    return holder[slot];
  }
}
