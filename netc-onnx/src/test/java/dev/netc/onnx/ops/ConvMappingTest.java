package dev.netc.onnx.ops;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The convolution weight conversion between netc's [C, taps, F/g] per group and ONNX's [F, C/g, taps]. */
class ConvMappingTest {

  @Test
  void movesTheFilterAxisWithinEachGroup() {
    int groups = 2;
    int c = 4;
    int taps = 3;
    int f = 6;
    float[] netc = new float[c * taps * (f / groups)];
    for (int i = 0; i < netc.length; i++) {
      netc[i] = i;
    }
    float[] onnx = ConvMapping.toOnnx(netc, groups, c, taps, f);
    // ONNX [f=4 (group 1, filter 1), ci=1 (channel 3), t=2] is netc [channel 3, tap 2, filter 1]
    int fg = f / groups;
    int cg = c / groups;
    assertEquals(netc[(3 * taps + 2) * fg + 1], onnx[(4 * cg + 1) * taps + 2]);
    assertArrayEquals(netc, ConvMapping.fromOnnx(onnx, groups, c, taps, f));
  }

  @Test
  void oneGroupIsPyTorchsLayout() {
    Random r = new Random(1);
    float[] onnx = new float[5 * 2 * 9];
    for (int i = 0; i < onnx.length; i++) {
      onnx[i] = r.nextFloat();
    }
    float[] netc = ConvMapping.fromOnnx(onnx, 1, 2, 9, 5);
    // netc [c, t, f] = onnx [f, c, t]
    assertEquals(onnx[(4 * 2 + 1) * 9 + 7], netc[(1 * 9 + 7) * 5 + 4]);
    assertArrayEquals(onnx, ConvMapping.toOnnx(netc, 1, 2, 9, 5));
    assertArrayEquals(new float[] {1, 3, 2, 4}, DenseMapping.transpose(new float[] {1, 2, 3, 4}, 2, 2));
  }
}
