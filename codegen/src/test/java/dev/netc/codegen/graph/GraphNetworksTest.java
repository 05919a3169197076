package dev.netc.codegen.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.testing.Nets;
import dev.netc.dsl.Diagnostic;
import dev.netc.runtime.InputPort;
import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Trainer;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Graph networks end to end: what the compiler accepts and warns about, packing, and training. */
class GraphNetworksTest {

  @Test
  void aValueNoOutputReadsIsAWarningAtTheEndOfTheDeadBranch() {
    CompileResult result = Nets.generate("Dead.net", """
        network Dead {
          input x: float[4];
          hidden = dense(8, activation: relu);
          probe = dense(hidden, 2) -> relu;
          logits = dense(hidden, 3);
          loss softmax_cross_entropy;
        }
        """);
    List<Diagnostic> warnings = result.diagnostics();
    assertEquals(1, warnings.size(), warnings.toString());
    assertEquals("value probe is computed but never used: no output depends on it; remove it, or add it to"
        + " the outputs (output ..., probe) with a loss", warnings.get(0).message());
    assertEquals(4, warnings.get(0).pos().line());
  }

  @Test
  void aMergeNamingOneValueTakesTheChainedValueFirst() {
    Model chained = Nets.model("""
        network Chained {
          input x: float[3];
          h = dense(3, activation: tanh);
          dense(3) -> sub(h);
          loss mse;
        }
        """);
    Model explicit = Nets.model("""
        network Explicit {
          input x: float[3];
          h = dense(3, activation: tanh);
          d = dense(3);
          sub(d, h);
          loss mse;
        }
        """);
    chained.initialize(3);
    System.arraycopy(chained.parameters(), 0, explicit.parameters(), 0, chained.parameterCount());
    float[] in = {0.5f, -1f, 2f};
    assertArrayEquals(explicit.predict(in), chained.predict(in));
    // and it is d - h, not h - d: with all weights of d zero, the output is -h
    java.util.Arrays.fill(chained.parameters(), 12, 24, 0f);
    float[] minusH = chained.predict(in);
    float[] h = new float[3];
    for (int j = 0; j < 3; j++) {
      double s = chained.parameters()[9 + j];
      for (int i = 0; i < 3; i++) {
        s += in[i] * chained.parameters()[i * 3 + j];
      }
      h[j] = (float) Math.tanh(s);
      assertEquals(-h[j], minusH[j], 1e-6);
    }
  }

  @Test
  void severalInputsAndOutputsArePackedInDeclarationOrder() {
    Model model = Nets.model("""
        network Ports {
          input image: float[2, 3, 3];
          input meta: float[4];
          features = conv2d(image, 2, kernel: 3) -> flatten;
          m = dense(meta, 3);
          joined = concat(features, m);
          logits = dense(joined, 5);
          score = dense(joined, 1);
          output logits, score;
          loss softmax_cross_entropy(logits);
          loss mse(score, weight: 0.25);
        }
        """);
    List<InputPort> in = model.inputs();
    assertEquals(List.of("image", "meta"), in.stream().map(InputPort::name).toList());
    assertEquals(0, in.get(0).offset());
    assertEquals(18, in.get(1).offset());
    assertEquals(22, model.inputSize());
    List<OutputPort> out = model.outputs();
    assertEquals(List.of("logits", "score"), out.stream().map(OutputPort::name).toList());
    assertEquals(LossKind.SOFTMAX_CROSS_ENTROPY, out.get(0).loss());
    assertEquals(0.25, out.get(1).weight());
    assertEquals(5, out.get(1).offset());
    assertEquals(5, out.get(1).targetOffset());
    assertEquals(6, model.outputSize());
    assertEquals(6, model.targetSize());

    // the packed forward pass equals the outputs computed one input at a time through the graph
    model.initialize(5);
    Random r = new Random(1);
    int batch = 3;
    float[] x = new float[batch * 22];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    Workspace ws = model.newWorkspace(batch);
    float[] y = new float[batch * 6];
    model.forward(ws, x, y, batch, false);
    for (int b = 0; b < batch; b++) {
      float[] one = model.predict(java.util.Arrays.copyOfRange(x, b * 22, b * 22 + 22));
      assertArrayEquals(java.util.Arrays.copyOfRange(y, b * 6, b * 6 + 6), one, 1e-6f);
    }
  }

  /**
   * A two-input network trained by the Trainer: the class is the sign of (sum of the image) times
   * the sign of the scalar feature, so neither input alone predicts better than chance.
   */
  @Test
  void aTwoInputNetworkLearnsWhatNeedsBothInputs() {
    Model model = Nets.model("""
        network ImageAndScalar {
          input image: float[1, 6, 6];
          input scalar: float[1];
          features = conv2d(image, 4, kernel: 3, activation: tanh) -> flatten -> dense(8, activation: tanh);
          s = dense(scalar, 8, activation: tanh);
          joined = concat(features, s);
          dense(16, activation: tanh) -> dense(2);
          loss softmax_cross_entropy;
          optimizer adam(lr: 0.01);
        }
        """);
    int n = 2000;
    Random r = new Random(7);
    float[] x = new float[n * 37];
    float[] t = new float[n * 2];
    for (int e = 0; e < n; e++) {
      float sum = 0;
      float bias = r.nextBoolean() ? 0.4f : -0.4f;
      for (int i = 0; i < 36; i++) {
        float v = (float) r.nextGaussian() * 0.5f + bias;
        x[e * 37 + i] = v;
        sum += v;
      }
      float scalar = (float) (r.nextBoolean() ? 0.5 + r.nextDouble() : -0.5 - r.nextDouble());
      x[e * 37 + 36] = scalar;
      int label = (sum > 0) == (scalar > 0) ? 1 : 0;
      t[e * 2 + label] = 1;
    }
    Dataset all = Dataset.of(x, t, 37, 2);
    model.initialize(11);
    Trainer.builder(model).seed(11).epochs(15).batchSize(32).build().fit(all);
    double accuracy = Trainer.evaluate(model, all, 256).accuracy();
    assertTrue(accuracy > 0.9, "accuracy " + accuracy);
  }
}
