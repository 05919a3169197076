package dev.netc.runtime.kernels;

/**
 * Per-thread float buffers that only grow: kernels borrow one for the length of a call. Three
 * slots, because {@link Gemm#nt} hands its transposed operand to {@link Gemm#nn}, which may
 * need a buffer of its own, and {@link VectorGemm} packs panels of B into a third while either
 * of the others holds its operands.
 */
final class Scratch {
  static final int OPERAND = 0;
  static final int PRODUCT = 1;
  static final int PACK = 2;

  // a subclass, not withInitial(lambda): batch-1 predictions borrow a buffer, and the first
  // lambda a JVM links costs milliseconds of a cold start
  private static final ThreadLocal<float[][]> BUFFERS = new ThreadLocal<>() {
    @Override
    protected float[][] initialValue() {
      return new float[3][0];
    }
  };

  private Scratch() {}

  static float[] get(int slot, int size) {
    float[][] holder = BUFFERS.get();
    if (holder[slot].length < size) {
      holder[slot] = new float[size];
    }
    return holder[slot];
  }
}
