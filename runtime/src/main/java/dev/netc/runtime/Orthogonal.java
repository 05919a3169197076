package dev.netc.runtime;

/**
 * Orthogonal initialization (Saxe et al. 2014), for recurrent weights.
 *
 * <p>The tensor is a row-major {@code [rows, cols]} matrix. When {@code cols} is a multiple of
 * {@code rows} (a recurrent weight {@code [H, G*H]} with G gates side by side), every {@code H x H}
 * gate block gets its own random orthogonal matrix, so each gate's recurrent map preserves norms.
 * Otherwise the whole matrix gets orthonormal rows (when rows &lt;= cols) or columns. Orthonormal
 * vectors come from modified Gram-Schmidt, in double, on Gaussian draws from the seeded {@link Rng}.
 */
public final class Orthogonal {
  private Orthogonal() {}

  /**
   * Fills {@code rows * cols} floats of {@code target} from {@code offset}.
   * @param target the buffer
   * @param offset the first index
   * @param rows the matrix's rows
   * @param cols the matrix's columns
   * @param rng the seeded generator
   */
  public static void fill(float[] target, int offset, int rows, int cols, Rng rng) {
    if (rows <= 0 || cols <= 0) {
      return;
    }
    if (cols % rows == 0) {
      for (int block = 0; block < cols / rows; block++) {
        double[][] q = orthonormal(rows, rows, rng);
        for (int r = 0; r < rows; r++) {
          for (int c = 0; c < rows; c++) {
            target[offset + r * cols + block * rows + c] = (float) q[r][c];
          }
        }
      }
      return;
    }
    boolean wide = rows <= cols;
    double[][] q = orthonormal(wide ? rows : cols, wide ? cols : rows, rng);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        target[offset + r * cols + c] = (float) (wide ? q[r][c] : q[c][r]);
      }
    }
  }

  /** {@code n} orthonormal vectors of length {@code len} (n &lt;= len). */
  static double[][] orthonormal(int n, int len, Rng rng) {
    double[][] v = new double[n][len];
    for (int i = 0; i < n; i++) {
      while (true) {
        for (int k = 0; k < len; k++) {
          v[i][k] = rng.nextGaussian();
        }
        for (int pass = 0; pass < 2; pass++) { // re-orthogonalize once for accuracy
          for (int j = 0; j < i; j++) {
            double dot = 0;
            for (int k = 0; k < len; k++) {
              dot += v[i][k] * v[j][k];
            }
            for (int k = 0; k < len; k++) {
              v[i][k] -= dot * v[j][k];
            }
          }
        }
        double norm = 0;
        for (int k = 0; k < len; k++) {
          norm += v[i][k] * v[i][k];
        }
        norm = Math.sqrt(norm);
        if (norm > 1e-6) {
          for (int k = 0; k < len; k++) {
            v[i][k] /= norm;
          }
          break;
        }
      }
    }
    return v;
  }
}
