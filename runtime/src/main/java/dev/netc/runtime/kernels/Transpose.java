package dev.netc.runtime.kernels;

/** Matrix transposition in square blocks, so both the reads and the writes stay in cache lines. */
final class Transpose {
  private static final int BLOCK = 16;

  private Transpose() {}

  /** {@code dst[j, i] = src[i, j]} for a {@code rows x cols} source. */
  static void copy(int rows, int cols, float[] src, int srcOff, int lds, float[] dst, int dstOff, int ldd) {
    for (int i0 = 0; i0 < rows; i0 += BLOCK) {
      int i1 = Math.min(rows, i0 + BLOCK);
      for (int j0 = 0; j0 < cols; j0 += BLOCK) {
        int j1 = Math.min(cols, j0 + BLOCK);
        for (int i = i0; i < i1; i++) {
          int s = srcOff + i * lds;
          for (int j = j0; j < j1; j++) {
            dst[dstOff + j * ldd + i] = src[s + j];
          }
        }
      }
    }
  }
}
