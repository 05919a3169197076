package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The port API of a model with two inputs and two outputs: packing, named prediction, checks. */
class PortsTest {
  private static final float[] A = {0.5f, -1f};
  private static final float[] B = {2f, 0.25f, -0.75f};

  static TwoPortModel model(boolean scoreFirst) {
    TwoPortModel m = new TwoPortModel("Two", scoreFirst, 0.5);
    m.initialize(3);
    return m;
  }

  /** The packed forward pass of one example, computed the long way. */
  private static float[] packedOutput(Model m, float[] a, float[] b) {
    float[] packed = new float[5];
    System.arraycopy(a, 0, packed, 0, 2);
    System.arraycopy(b, 0, packed, 2, 3);
    float[] out = new float[4];
    m.forward(m.newWorkspace(1), packed, out, 1, false);
    return out;
  }

  @Test
  void predictByNameReturnsEachOutputsSliceOfThePackedOutput() {
    TwoPortModel m = model(false);
    float[] packed = packedOutput(m, A, B);
    Map<String, float[]> in = new LinkedHashMap<>();
    in.put("b", B);
    in.put("a", A);
    Map<String, float[]> out = m.predict(in);
    assertEquals(List.of("logits", "score"), List.copyOf(out.keySet()));
    assertArrayEquals(Arrays.copyOfRange(packed, 0, 3), out.get("logits"));
    assertArrayEquals(new float[] {packed[3]}, out.get("score"));

    float[][] all = m.predictAll(A, B);
    assertArrayEquals(out.get("logits"), all[0]);
    assertArrayEquals(out.get("score"), all[1]);
    // the score-first layout packs the other way round; by name nothing changes
    TwoPortModel swapped = model(true);
    float[] swappedPacked = packedOutput(swapped, A, B);
    Map<String, float[]> byName = swapped.predict(Map.of("a", A, "b", B));
    assertEquals(List.of("score", "logits"), List.copyOf(byName.keySet()));
    assertArrayEquals(Arrays.copyOfRange(swappedPacked, 1, 4), byName.get("logits"));
    assertArrayEquals(new float[] {swappedPacked[0]}, byName.get("score"));
  }

  @Test
  void aMissingUnknownOrWronglySizedInputIsNamedWithItsSizes() {
    TwoPortModel m = model(false);
    IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
        () -> m.predict(Map.of("a", A)));
    assertEquals("no value for input b[3] of network Two: a prediction needs every input, [a[2], b[3]]",
        missing.getMessage());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> m.predict(Map.of("a", A, "b", B, "c", B)));
    assertEquals("network Two has no input named c; its inputs are [a[2], b[3]]", unknown.getMessage());
    IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
        () -> m.predict(Map.of("a", A, "b", new float[4])));
    assertEquals("input b of network Two is float[3]: one example is 3 floats, got 4", size.getMessage());
    IllegalArgumentException count = assertThrows(IllegalArgumentException.class, () -> m.predictAll(A));
    assertEquals("network Two has 2 inputs [a[2], b[3]] (in this order), got 1 arrays", count.getMessage());
    IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
        () -> m.predictAll(new float[][] {A, B}, new float[][] {new float[3], new float[2]}));
    assertEquals("output score of network Two is float[1]: one example is 1 floats, got 2", output.getMessage());
    assertEquals("input has 4 floats; a prediction takes exactly one packed example (a[2] then b[3]; predict(Map)"
        + " takes them by name) of 5 floats (for a batch of examples use forward(workspace, inputs, outputs, batch,"
        + " false))", assertThrows(IllegalArgumentException.class, () -> m.predict(new float[4])).getMessage());
    assertEquals("network Two has no output named logit; its outputs are [logits[3], score[1]]",
        assertThrows(IllegalArgumentException.class, () -> m.output("logit")).getMessage());
  }

  @Test
  void packInputsAndUnpackOutputMoveWholeBatches() {
    TwoPortModel m = model(false);
    int batch = 3;
    float[] a = {1, 2, 3, 4, 5, 6};
    float[] b = {10, 11, 12, 20, 21, 22, 30, 31, 32};
    float[] packed = m.packInputs(batch, a, b);
    assertArrayEquals(new float[] {1, 2, 10, 11, 12, 3, 4, 20, 21, 22, 5, 6, 30, 31, 32}, packed);
    float[] out = new float[batch * 4];
    m.forward(m.newWorkspace(batch), packed, out, batch, false);
    float[] score = m.unpackOutput(out, batch, "score");
    float[] logits = m.unpackOutput(out, batch, "logits");
    for (int e = 0; e < batch; e++) {
      float[] one = m.predictAll(Arrays.copyOfRange(a, 2 * e, 2 * e + 2), Arrays.copyOfRange(b, 3 * e, 3 * e + 3))[1];
      assertEquals(one[0], score[e], 1e-6f);
      assertEquals(out[e * 4], logits[e * 3]);
    }
    float[] targets = m.packTargets(2, new float[] {1, 0, 0, 0, 1, 0}, new float[] {7, 8});
    assertArrayEquals(new float[] {1, 0, 0, 7, 0, 1, 0, 8}, targets);
    assertEquals("input b of network Two is float[3]: a batch of 3 is 9 floats, got 8",
        assertThrows(IllegalArgumentException.class, () -> m.packInputs(batch, a, new float[8])).getMessage());
    assertEquals("the target of output score of network Two (loss MSE) is 1 floats per example: a batch of 2"
        + " is 2 floats, got 3", assertThrows(IllegalArgumentException.class,
            () -> m.packTargets(2, new float[6], new float[3])).getMessage());
  }

  @Test
  void predictAllIntoCallerArraysAllocatesNothingOnceWarm() {
    JitAssumptions.assumeC2("predictAll allocating nothing");
    TwoPortModel m = model(false);
    float[][] in = {A, B};
    float[][] out = {new float[3], new float[1]};
    for (int i = 0; i < 20_000; i++) {
      m.predictAll(in, out);
    }
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < 10_000; i++) {
      m.predictAll(in, out);
    }
    long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    assertTrue(allocated < 10_000, "allocated " + allocated + " bytes in 10,000 predictions");
    assertArrayEquals(m.predictAll(A, B)[0], out[0]);
  }

  @Test
  void classAndProbabilitiesComeFromTheFirstOutputNeverThePackedVector() {
    TwoPortModel m = model(false);
    float[] p = m.parameters();
    Arrays.fill(p, 0f);
    // logits = (0, 1, 0.5) whatever the input; score = 100: the largest of the packed vector
    p[20 + 1] = 1f;
    p[20 + 2] = 0.5f;
    p[20 + 3] = 100f;
    float[] packed = m.packInputs(1, A, B);
    assertEquals(1, m.predictClass(packed));
    float[] probabilities = m.predictProbabilities(packed);
    assertEquals(3, probabilities.length);
    double z = 1 + Math.E + Math.exp(0.5);
    assertArrayEquals(new float[] {(float) (1 / z), (float) (Math.E / z), (float) (Math.exp(0.5) / z)},
        probabilities, 1e-6f);

    TwoPortModel scoreFirst = model(true);
    UnsupportedOperationException regression = assertThrows(UnsupportedOperationException.class,
        () -> scoreFirst.predictProbabilities(packed));
    assertEquals("model Two declares loss MSE on its first output score, whose outputs are not class scores;"
        + " use predict for its raw outputs", regression.getMessage());
  }

  @Test
  void aSingleInputModelHasTheSameApiUnderItsDefaultPortNames() {
    LinearModel m = new LinearModel("Lin", 3, 2, LossKind.MSE);
    m.initialize(1);
    float[] x = {1, 2, 3};
    assertArrayEquals(m.predict(x), m.predict(Map.of("input", x)).get("output"));
    assertArrayEquals(m.predict(x), m.predictAll(x)[0]);
    assertArrayEquals(x, m.packInputs(1, x));
  }
}
