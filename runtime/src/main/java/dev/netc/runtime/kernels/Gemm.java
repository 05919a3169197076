package dev.netc.runtime.kernels;

/**
 * Single-precision matrix products for generated layers: {@code C (+)= A · B} with row-major
 * operands given as (array, offset, leading dimension). Dense layers, convolutions (after
 * im2col) and recurrent gates all reduce to these three shapes:
 *
 * <ul>
 *   <li>{@link #nn}: {@code C[m,n] (+)= A[m,k] · B[k,n]} (dense forward, conv input gradient);
 *   <li>{@link #tn}: {@code C[m,n] (+)= Aᵀ · B} with A stored {@code [k,m]} (weight gradients,
 *       conv forward with weights stored {@code [taps, filters]});
 *   <li>{@link #nt}: {@code C[m,n] (+)= A · Bᵀ} with B stored {@code [n,k]} (dense input
 *       gradient through {@code W [in,out]}).
 * </ul>
 *
 * <p>Two implementations sit behind these methods: a register-blocked SIMD kernel on {@code
 * jdk.incubator.vector} when the JVM was started with {@code --add-modules
 * jdk.incubator.vector}, and a blocked scalar kernel that C2 auto-vectorizes otherwise. The
 * choice is made once per JVM ({@link #simd()}); {@code -Dnetc.simd=false} forces the scalar
 * path. They agree to rounding (the SIMD kernel fuses multiply-adds), not bit for bit; within
 * one JVM the same call always gives the same bits, so training stays reproducible.
 */
public final class Gemm {
  private static final boolean SIMD = VectorSupport.available();

  private Gemm() {}

  /**
   * Whether the SIMD kernels are in use in this JVM.
   * @return whether the Vector API kernels run
   */
  public static boolean simd() {
    return SIMD;
  }

  /**
   * {@code C[m,n] = A[m,k] · B[k,n]}, or {@code +=} when {@code accumulate}.
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   * @param a the left operand A
   * @param aOff index of A's first element
   * @param lda stride between A's stored rows
   * @param b the right operand B
   * @param bOff index of B's first element
   * @param ldb stride between B's stored rows
   * @param c the result C
   * @param cOff index of C's first element
   * @param ldc stride between C's rows
   * @param accumulate true adds to C instead of overwriting it
   */
  public static void nn(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (!ParallelGemm.offer(ParallelGemm.NN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate)) {
      nn1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** {@link #nn} on the calling thread alone. */
  static void nn1(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    // A narrow C (10 logits) is not computed transposed here: copying Aᵀ cost more than the
    // SIMD kernel's overlapping whole-vector loads of B's short rows (256x10x128: 28 -> 12 us)
    if (!accumulate) {
      zero(m, n, c, cOff, ldc);
    }
    if (SIMD && m < 4 && !VectorWarmup.done()) {
      // batch 1 while the vector kernels are not compiled yet: same bits, no interpreted SIMD
      ExactRows.gemm(m, n, k, VectorWarmup.LANES, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    } else if (SIMD) {
      VectorGemm.gemm(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    } else {
      ScalarNotice.onScalarProduct(m, n, k);
      ScalarGemm.gemm(m, n, k, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * {@code C[m,n] = Aᵀ · B[k,n]} with A stored {@code [k,m]}, or {@code +=}.
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   * @param a the left operand A
   * @param aOff index of A's first element
   * @param lda stride between A's stored rows
   * @param b the right operand B
   * @param bOff index of B's first element
   * @param ldb stride between B's stored rows
   * @param c the result C
   * @param cOff index of C's first element
   * @param ldc stride between C's rows
   * @param accumulate true adds to C instead of overwriting it
   */
  public static void tn(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (!ParallelGemm.offer(ParallelGemm.TN, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate)) {
      tn1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** {@link #tn} on the calling thread alone. */
  static void tn1(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (narrow(m, n)) {
      // Cᵀ[n, m] = Bᵀ · A with A already stored [k, m]: no copy besides the result
      float[] s = Scratch.get(Scratch.PRODUCT, n * m);
      java.util.Arrays.fill(s, 0, n * m, 0f);
      VectorGemm.gemm(n, m, k, b, bOff, 1, ldb, a, aOff, lda, s, 0, m);
      addTransposed(m, n, s, 0, c, cOff, ldc, accumulate);
      return;
    }
    if (!accumulate) {
      zero(m, n, c, cOff, ldc);
    }
    if (SIMD) {
      VectorGemm.gemm(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
    } else {
      ScalarNotice.onScalarProduct(m, n, k);
      ScalarGemm.gemm(m, n, k, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
    }
  }

  /**
   * {@code C[m,n] = A[m,k] · Bᵀ} with B stored {@code [n,k]}, or {@code +=}. The kernel wants its
   * right operand contiguous along the output columns, so one side is transposed into a
   * per-thread scratch buffer first, whichever is cheaper: B itself ({@code n·k} copies), or A
   * and the result ({@code m·k + m·n} copies, computing {@code Cᵀ = B · Aᵀ}, when C has at least
   * 32 rows) — for a dense layer's input gradient at batch 32 the second moves a quarter as much. The buffer grows
   * once and is reused, so steady state allocates nothing.
   * @param m rows of C
   * @param n columns of C
   * @param k the shared dimension
   * @param a the left operand A
   * @param aOff index of A's first element
   * @param lda stride between A's stored rows
   * @param b the right operand B
   * @param bOff index of B's first element
   * @param ldb stride between B's stored rows
   * @param c the result C
   * @param cOff index of C's first element
   * @param ldc stride between C's rows
   * @param accumulate true adds to C instead of overwriting it
   */
  public static void nt(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (!ParallelGemm.offer(ParallelGemm.NT, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate)) {
      nt1(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
    }
  }

  /** {@link #nt} on the calling thread alone. */
  static void nt1(int m, int n, int k,
      float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    // Dot products of the contiguous rows, no copy at all: for a few rows (batch-1 backward),
    // and for a small result over a long reduction (a convolution's weight gradient sums over
    // batch * positions).
    if (m < 4 || (SIMD && k >= 1024 && (long) m * n <= 1024)) {
      if (!accumulate) {
        zero(m, n, c, cOff, ldc);
      }
      if (SIMD) {
        VectorDots.dots(m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
      } else {
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < n; j++) {
            c[cOff + i * ldc + j] += ScalarGemm.dot(k, a, aOff + i * lda, 1, b, bOff + j * ldb, 1);
          }
        }
      }
      return;
    }
    // Cᵀ = B · Aᵀ has only m columns: below two vectors' width they would run on scalar tails
    // (a conv weight gradient with 9 taps: 30x slower than transposing B)
    if (m < 32 || (long) n * k <= (long) m * k + (long) m * n) {
      float[] bt = Scratch.get(Scratch.OPERAND, k * n);
      Transpose.copy(n, k, b, bOff, ldb, bt, 0, n);
      nn1(m, n, k, a, aOff, lda, bt, 0, n, c, cOff, ldc, accumulate);
      return;
    }
    float[] s = Scratch.get(Scratch.OPERAND, m * k + n * m);
    int ct = m * k;
    Transpose.copy(m, k, a, aOff, lda, s, 0, m);
    nn1(n, m, k, b, bOff, ldb, s, 0, m, s, ct, m, false);
    addTransposed(m, n, s, ct, c, cOff, ldc, accumulate);
  }

  /**
   * Whether C is too narrow for a vector but tall enough to be computed transposed: for {@link
   * #tn1}, whose Aᵀ is stored as the transposed product's right operand, this beats the SIMD
   * kernel's whole-vector loads of B's short rows (128x10x32: 3.0 -> 1.6 us), which waste the
   * lanes past the last column.
   */
  private static boolean narrow(int m, int n) {
    return SIMD && n < VectorGemm.lanes() && m >= 2 * VectorGemm.lanes();
  }

  /** {@code C[i, j] (+)= ct[j, i]} for a product computed transposed as {@code ct [n, m]}. */
  private static void addTransposed(int m, int n, float[] s, int ct, float[] c, int cOff, int ldc,
      boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      if (accumulate) {
        for (int j = 0; j < n; j++) {
          c[row + j] += s[ct + j * m + i];
        }
      } else {
        for (int j = 0; j < n; j++) {
          c[row + j] = s[ct + j * m + i];
        }
      }
    }
  }

  private static void zero(int m, int n, float[] c, int cOff, int ldc) {
    for (int i = 0; i < m; i++) {
      int row = cOff + i * ldc;
      java.util.Arrays.fill(c, row, row + n, 0f);
    }
  }
}
