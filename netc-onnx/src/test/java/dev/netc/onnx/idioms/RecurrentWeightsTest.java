package dev.netc.onnx.idioms;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecurrentWeightsTest {

  /** netc's LSTM weight_ih [F=2, 4H] with H=1: columns i, f, g, o; ONNX rows i, o, f, c. */
  @Test
  void lstmGatesMoveToOnnxOrderAndTranspose() {
    float[] netc = {
      1, 2, 3, 4,   // feature 0: i f g o
      5, 6, 7, 8};  // feature 1
    float[] onnx = RecurrentWeights.LSTM.toOnnxMatrix(netc, 2, 1);
    assertArrayEquals(new float[] {1, 5, 4, 8, 2, 6, 3, 7}, onnx); // rows i, o, f, c of [4, F]
    assertArrayEquals(netc, RecurrentWeights.LSTM.toNetcMatrix(onnx, 2, 1));
  }

  /** GRU: netc r, z, n; ONNX z, r, h, with H=2 so that whole blocks move. */
  @Test
  void gruBiasesKeepBothHalvesInOnnxOrder() {
    float[] ih = {1, 2, 3, 4, 5, 6};        // r r z z n n
    float[] hh = {10, 20, 30, 40, 50, 60};
    float[] b = RecurrentWeights.GRU.toOnnxBias(ih, hh, 2);
    assertArrayEquals(new float[] {3, 4, 1, 2, 5, 6, 30, 40, 10, 20, 50, 60}, b);
    assertArrayEquals(ih, RecurrentWeights.GRU.netcInputBias(b, 2));
    assertArrayEquals(hh, RecurrentWeights.GRU.netcRecurrentBias(b, 2));
  }

  /** LSTM keeps one bias: import adds ONNX's two halves, export writes Rb = 0. */
  @Test
  void lstmImportAddsTheTwoBiases() {
    float[] onnx = {1, 2, 3, 4, 10, 20, 30, 40}; // Wb i o f c, Rb i o f c (H = 1)
    assertArrayEquals(new float[] {11, 33, 44, 22}, RecurrentWeights.LSTM.netcInputBias(onnx, 1)); // i f g o
    assertArrayEquals(new float[] {11, 22, 33, 44, 0, 0, 0, 0},
        RecurrentWeights.LSTM.toOnnxBias(new float[] {11, 33, 44, 22}, null, 1));
  }

  @Test
  void wrongSizesAreRefusedWithTheShape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RecurrentWeights.GRU.toOnnxMatrix(new float[5], 2, 1));
    assertTrue(e.getMessage().contains("[2, 3]"), e.getMessage());
  }
}
