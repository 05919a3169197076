package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code =} / {@code +=} contract of {@link LayerCode#gxAssign()} for slice, mean, max,
 * upsample and positional_embedding, at the level of the emitted code (networks where another
 * layer reads the op's input are in {@link ShapeOpsGradientCheckTest}): each op's backward body is
 * compiled twice, once writing the input gradient and once accumulating into it, and run on the
 * same data. Writing must overwrite every element of a gx full of garbage (slice and max zero
 * what their output never read); accumulating must leave exactly {@code before + gradient}, so
 * the elements outside a slice or off a maximum keep what other readers put there.
 */
class ShapeOpsAccumulateTest {
  private static final int BATCH = 2;
  private static final SourcePos POS = new SourcePos("Test.net", 1, 1);

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("slice", Shape.of(3, 6, 2), args("axis", 1L, "from", 1L, "to", 4L)),
        Arguments.of("slice", Shape.of(5, 3), args("axis", -2L, "from", -3L, "to", 5L)),
        Arguments.of("mean", Shape.of(3, 4, 2), args("axis", 1L, "keep", false)),
        Arguments.of("mean", Shape.of(6), args("axis", 0L, "keep", true)),
        Arguments.of("max", Shape.of(3, 4, 2), args("axis", 1L, "keep", false)),
        Arguments.of("max", Shape.of(4, 5), args("axis", -1L, "keep", true)),
        Arguments.of("upsample", Shape.of(2, 3, 2), args("factor", new int[] {2, 3}, "mode", "nearest")),
        Arguments.of("upsample", Shape.of(2, 4), args("factor", new int[] {3}, "mode", "nearest")),
        Arguments.of("positional_embedding", Shape.of(4, 3), args("kind", "learned")),
        Arguments.of("positional_embedding", Shape.of(4, 3), args("kind", "sinusoidal")));
  }

  private static Args args(Object... nameValue) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < nameValue.length; i += 2) {
      values.put((String) nameValue[i], nameValue[i + 1]);
    }
    return new Args(values, Map.of(), POS);
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("cases")
  void accumulatingAddsExactlyTheGradientThatWritingWrites(String opName, Shape in, Args args) throws Exception {
    Op op = OpCatalogue.get(opName);
    Diagnostics diags = new Diagnostics(new SourceFile("Test.net", ""));
    Shape out = op.inferShape(in, args, diags, "layer");
    assertNotNull(out, opName + " refused " + in);
    assertFalse(diags.hasErrors());
    Map<String, String> params = new HashMap<>();
    op.parameters(in, args).forEach(p -> params.put(p.role(), "P_" + p.role().toUpperCase()));

    LayerCode fwd = new LayerCode("l", in, out, args, params, false, false, Kernel.UNROLLED);
    op.emitForward(fwd);
    LayerCode set = new LayerCode("l", in, out, args, params, false, false, Kernel.UNROLLED);
    op.emitBackward(set);
    LayerCode add = new LayerCode("l", in, out, args, params, true, false, Kernel.UNROLLED);
    op.emitBackward(add);
    assertTrue(add.build().toString().contains("gx["), "the accumulating body writes gx element-wise");
    assertFalse(add.build().toString().contains("Arrays.fill(gx"), "the accumulating body never clears gx");

    StringBuilder constants = new StringBuilder();
    params.values().forEach(c -> constants.append("  static final int ").append(c).append(" = 0;\n"));
    String source = "package acc;\n"
        + "public final class K {\n" + constants
        + "  public static void forward(float[] x, float[] y, float[] argmax, int batch, float[] p) {\n"
        + fwd.build() + "  }\n"
        + "  public static void set(float[] x, float[] y, float[] gy, float[] gx, float[] argmax, int batch, float[] p,"
        + " float[] g) {\n" + set.build() + "  }\n"
        + "  public static void add(float[] x, float[] y, float[] gy, float[] gx, float[] argmax, int batch, float[] p,"
        + " float[] g) {\n" + add.build() + "  }\n"
        + "}\n";
    Class<?> k = InMemoryJavac.compile(Map.of("acc.K", source)).load("acc.K");
    Method forward = k.getMethod("forward", float[].class, float[].class, float[].class, int.class, float[].class);
    Method setGrad = k.getMethod("set", float[].class, float[].class, float[].class, float[].class, float[].class,
        int.class, float[].class, float[].class);
    Method addGrad = k.getMethod("add", setGrad.getParameterTypes());

    Random random = new Random(15);
    int inSize = (int) in.size() * BATCH;
    int outSize = (int) out.size() * BATCH;
    int paramCount = op.parameters(in, args).stream().mapToInt(p -> (int) p.shape().size()).sum();
    float[] x = gaussian(random, inSize);
    float[] p = gaussian(random, paramCount);
    float[] y = new float[outSize];
    float[] argmax = new float[outSize];
    forward.invoke(null, x, y, argmax, BATCH, p);
    float[] gy = gaussian(random, outSize);

    float[] written = new float[inSize];
    java.util.Arrays.fill(written, 1234.5f); // garbage the = path must overwrite
    setGrad.invoke(null, x, y, gy.clone(), written, argmax, BATCH, p, new float[paramCount]);
    float[] before = gaussian(random, inSize);
    float[] added = before.clone();
    addGrad.invoke(null, x, y, gy.clone(), added, argmax, BATCH, p, new float[paramCount]);

    for (int i = 0; i < inSize; i++) {
      assertTrue(written[i] != 1234.5f, opName + ": gx[" + i + "] was not written");
      assertEquals(before[i] + written[i], added[i], 1e-6f * (1 + Math.abs(before[i]) + Math.abs(written[i])),
          opName + ": gx[" + i + "] after += is not before + gradient");
    }
    if (paramCount > 0) {
      float[] g1 = new float[paramCount];
      float[] g2 = new float[paramCount];
      setGrad.invoke(null, x, y, gy.clone(), new float[inSize], argmax, BATCH, p, g1);
      addGrad.invoke(null, x, y, gy.clone(), new float[inSize], argmax, BATCH, p, g2);
      assertArrayEquals(g1, g2, "the parameter gradient does not depend on how gx is written");
    }
  }

  private static float[] gaussian(Random random, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) random.nextGaussian();
    }
    return a;
  }
}
