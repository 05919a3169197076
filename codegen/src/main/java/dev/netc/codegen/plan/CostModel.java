package dev.netc.codegen.plan;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.Kernel;
import dev.netc.codegen.ops.MatmulShape;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.ops.Window;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * Chooses each dense and time_dense layer's {@link Kernel} from its multiply-adds per row ({@code
 * in * out}): unrolled up to {@link #UNROLLED_MAX_MACS} ({@link #UNROLLED_MAX_MACS_MANY_ROWS} when
 * every example is several rows, as in time_dense), the runtime's SIMD Gemm above. The
 * thresholds are the crossovers measured by {@code dev.netc.bench.KernelCrossoverBenchmarks}
 * (docs/cost-model.md). The batch is only known
 * at run time, so a threshold is the size up to which the kernel's worst slowdown against the
 * fastest, at batch 1 or 32, is smaller than Gemm's. Unrolled code must also fit well under
 * HotSpot's 8,000-byte limit on the bytecode of a method it will compile ({@link #unrollable}); a
 * forced {@code unrolled} that does not fit falls back to Gemm. (A third kernel, plain
 * constant-bound loops, was measured and never the fastest, so it was removed.)
 *
 * <p>Each convolution gets its variant from its window and groups ({@link #decideConvolution}):
 * pointwise for an ungrouped 1x1 window at stride 1 without padding, direct for other ungrouped
 * stride-1 windows, im2col otherwise (one product per group).
 */
public final class CostModel {
  private CostModel() {}

  /**
   * Auto picks unrolled code up to this many multiply-adds per row. Measured in two runs: unrolled
   * is the fastest at batch 1 up to 12x12 (1.7-6x faster than Gemm); at batch 32 it wins at 2x4,
   * ties at 4x4 and loses from 8x8. At 8x8 its worst case (1.2-1.4x slower at batch 32) beats
   * Gemm's (2.3-2.4x slower at batch 1); at 12x12 both are about 1.7x: Gemm takes the tie, as it
   * alone gets faster with larger batches and threads.
   */
  public static final long UNROLLED_MAX_MACS = 64;

  /**
   * The unrolled limit when one example is several rows (time_dense: T rows), so even batch 1
   * gives Gemm many rows: the batch-32 crossover, where unrolled wins at 4x4 and loses from 8x8.
   */
  public static final long UNROLLED_MAX_MACS_MANY_ROWS = 16;

  /**
   * Bytecode an unrolled backward method may be estimated to need: a margin below HotSpot's
   * {@code HugeMethodLimit} (8,000 bytes), over which the JIT never compiles a method.
   */
  public static final int UNROLLED_BYTECODE_BUDGET = 6000;

  /** The plan for every layer of {@code graph} under {@code policy}. */
  public static KernelPlan plan(Graph graph, KernelPolicy policy) {
    List<KernelDecision> decisions = new ArrayList<>();
    IdentityHashMap<Node, KernelDecision> byNode = new IdentityHashMap<>();
    for (Node node : graph.nodes()) {
      if (node.isInput() || node.isView()) {
        continue;
      }
      Op op = node.op();
      String describe = op.describe(node.args());
      MatmulShape shape = op.matmul(node.input().shape(), node.shape(), node.args());
      Window window = op.convolution(node.input().shape(), node.args());
      KernelDecision d;
      if (shape != null) {
        d = decide(node.name(), describe, shape, policy);
      } else if (window != null) {
        d = decideConvolution(node.name(), describe, window, node.shape().dim(0),
            op.convolutionGroups(node.args()), policy);
      } else if (op.fixedKernelReason() != null) {
        d = new KernelDecision(node.name(), describe, null, Kernel.GEMM, op.fixedKernelReason());
      } else {
        continue;
      }
      decisions.add(d);
      byNode.put(node, d);
    }
    return new KernelPlan(graph.name(), decisions, byNode);
  }

  /** The decision for one product under {@code policy}. */
  public static KernelDecision decide(String layer, String op, MatmulShape shape, KernelPolicy policy) {
    Kernel forced = policy.forced();
    if (forced == null || forced.convolution()) {
      return new KernelDecision(layer, op, shape, auto(shape), shape.macsPerRow() + " MACs");
    }
    if (forced == Kernel.UNROLLED && !unrollable(shape)) {
      return new KernelDecision(layer, op, shape, Kernel.GEMM, "too large to unroll");
    }
    return new KernelDecision(layer, op, shape, forced, "forced");
  }

  /**
   * The variant of a convolution with {@code filters} filters in {@code groups} channel groups over
   * {@code window} under {@code policy}: a forced convolution kernel where the layer allows it; else
   * pointwise when the input already is the im2col matrix (an ungrouped 1x1 window at stride 1
   * without padding), direct for other ungrouped stride-1 windows ({@link #direct}), im2col
   * otherwise (strides, groups).
   */
  public static KernelDecision decideConvolution(String layer, String op, Window window, int filters,
      int groups, KernelPolicy policy) {
    // the product of one group (the whole layer when ungrouped), done groups times
    MatmulShape product = new MatmulShape(window.outPlane(), window.c() / groups * window.area(), filters / groups);
    boolean pointwise = window.pointwise() && groups == 1;
    boolean depthwise = groups > 1 && groups == window.c();
    String why = window.describe() + (depthwise ? ", depthwise" : groups > 1 ? ", " + groups + " groups" : "");
    Kernel forced = policy.forced();
    if (forced != null && forced.convolution()) {
      if (forced == Kernel.POINTWISE && !pointwise) {
        return new KernelDecision(layer, op, product, Kernel.IM2COL, why + ", not pointwise");
      }
      if (forced == Kernel.DIRECT && !strideOne(window)) {
        return new KernelDecision(layer, op, product, Kernel.IM2COL, why + ", not stride 1");
      }
      return new KernelDecision(layer, op, product, forced, "forced");
    }
    Kernel auto = pointwise ? Kernel.POINTWISE : direct(window, groups) ? Kernel.DIRECT : Kernel.IM2COL;
    return new KernelDecision(layer, op, product, auto, why);
  }

  /**
   * Whether the direct kernel is chosen: an ungrouped window at stride 1 with at least {@link
   * #DIRECT_MIN_POSITIONS} output positions. On every such layer of the sample networks (1 to 64
   * channels, 3x3 and 5x5, 7x7 to 28x28, valid and same) its forward pass measured 1.1 to 2.8
   * times as fast as im2col's at batch 1 and 256, and its training step (im2col's backward) as
   * fast or faster (ConvCrossover, docs/cost-model.md). Grouped layers were not measured and keep
   * im2col.
   */
  static boolean direct(Window window, int groups) {
    return strideOne(window) && groups == 1 && window.outPlane() >= DIRECT_MIN_POSITIONS;
  }

  /** Output positions below which the direct kernel would run on scalar tails only (one AVX-512 vector). */
  static final int DIRECT_MIN_POSITIONS = 16;

  /** Whether the direct kernel can run the window: it slides at stride 1 only. */
  static boolean strideOne(Window window) {
    return window.sh() == 1 && window.sw() == 1;
  }

  /** The automatic choice: by multiply-adds per row, at the measured crossovers. */
  static Kernel auto(MatmulShape shape) {
    long macs = shape.macsPerRow();
    long unrolledMax = shape.rows() == 1 ? UNROLLED_MAX_MACS : UNROLLED_MAX_MACS_MANY_ROWS;
    return macs <= unrolledMax && unrollable(shape) ? Kernel.UNROLLED : Kernel.GEMM;
  }

  /** Whether the unrolled code of {@code shape} stays within {@link #UNROLLED_BYTECODE_BUDGET}. */
  public static boolean unrollable(MatmulShape shape) {
    return unrolledBackwardBytes(shape) <= UNROLLED_BYTECODE_BUDGET;
  }

  /**
   * An upper estimate of the unrolled backward method's bytecode, the larger of the two: per
   * multiply-add a weight-gradient statement ({@code g[w + k] += xi * dj}, up to 18 bytes) and an
   * input-gradient term ({@code dj * p[w + k]}, up to 12); per unit its gradient through the
   * activation and its bias gradient; per input its load and store. UnrolledBytecodeSizeTest checks
   * it against javac's output at the largest sizes it allows (javac gave 29-30 bytes per MAC).
   */
  public static long unrolledBackwardBytes(MatmulShape s) {
    long in = s.in();
    long out = s.out();
    return 30 * in * out + 40 * out + 24 * in + 64;
  }
}
