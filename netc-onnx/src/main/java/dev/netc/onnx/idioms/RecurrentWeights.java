package dev.netc.onnx.idioms;

/**
 * The weights of one direction of one recurrent layer, between netc's layout and ONNX's.
 *
 * <p>netc stores {@code weight_ih [F, G*H]} and {@code weight_hh [H, G*H]} input-major with the G
 * gates side by side in PyTorch's order (lstm i, f, g, o; gru r, z, n); ONNX's {@code RNN},
 * {@code GRU} and {@code LSTM} take {@code W [G*H, F]} and {@code R [G*H, H]} (one such matrix per
 * direction) with the gates in ONNX's order (LSTM i, o, f, c; GRU z, r, h), and {@code B [2*G*H]}
 * per direction, the input biases {@code Wb} then the recurrent ones {@code Rb}.
 *
 * <p>Biases: netc's {@code gru} keeps both (its candidate gate multiplies {@code h W_hn + b_hn} by
 * the reset gate, ONNX's {@code linear_before_reset = 1}), so {@code Wb} and {@code Rb} map one to
 * one. {@code lstm} and {@code rnn} keep one bias per gate, the sum of the two: export writes it
 * as {@code Wb} with {@code Rb = 0}, import adds {@code Wb + Rb}.
 */
public enum RecurrentWeights {
  /** One gate. */
  RNN(new int[] {0}),
  /** ONNX i, o, f, c are netc's gates 0, 3, 1, 2 (netc i, f, g, o). */
  LSTM(new int[] {0, 3, 1, 2}),
  /** ONNX z, r, h are netc's gates 1, 0, 2 (netc r, z, n). */
  GRU(new int[] {1, 0, 2});

  /** {@code netcGate[g]}: which of netc's gates is ONNX's gate g. */
  private final int[] netcGate;

  RecurrentWeights(int[] netcGate) {
    this.netcGate = netcGate;
  }

  /** G: gates per unit. */
  public int gates() {
    return netcGate.length;
  }

  /** netc's {@code [rows, G*H]} (rows F for weight_ih, H for weight_hh) as ONNX's {@code [G*H, rows]}. */
  public float[] toOnnxMatrix(float[] netc, int rows, int units) {
    int width = gates() * units;
    check(netc, rows * width, "netc weight [" + rows + ", " + width + "]");
    float[] onnx = new float[netc.length];
    for (int g = 0; g < gates(); g++) {
      int from = netcGate[g] * units;
      for (int u = 0; u < units; u++) {
        for (int r = 0; r < rows; r++) {
          onnx[(g * units + u) * rows + r] = netc[r * width + from + u];
        }
      }
    }
    return onnx;
  }

  /** ONNX's {@code [G*H, rows]} as netc's {@code [rows, G*H]}: the inverse of {@link #toOnnxMatrix}. */
  public float[] toNetcMatrix(float[] onnx, int rows, int units) {
    int width = gates() * units;
    check(onnx, rows * width, "ONNX weight [" + width + ", " + rows + "]");
    float[] netc = new float[onnx.length];
    for (int g = 0; g < gates(); g++) {
      int to = netcGate[g] * units;
      for (int u = 0; u < units; u++) {
        for (int r = 0; r < rows; r++) {
          netc[r * width + to + u] = onnx[(g * units + u) * rows + r];
        }
      }
    }
    return netc;
  }

  /** A {@code [G*H]} bias vector in netc's gate order, in ONNX's. */
  public float[] toOnnxGates(float[] netc, int units) {
    check(netc, gates() * units, "bias [" + gates() * units + "]");
    float[] onnx = new float[netc.length];
    for (int g = 0; g < gates(); g++) {
      System.arraycopy(netc, netcGate[g] * units, onnx, g * units, units);
    }
    return onnx;
  }

  /** A {@code [G*H]} bias vector in ONNX's gate order, in netc's. */
  public float[] toNetcGates(float[] onnx, int units) {
    check(onnx, gates() * units, "bias [" + gates() * units + "]");
    float[] netc = new float[onnx.length];
    for (int g = 0; g < gates(); g++) {
      System.arraycopy(onnx, g * units, netc, netcGate[g] * units, units);
    }
    return netc;
  }

  /**
   * ONNX's {@code B [2*G*H]} of one direction from netc's biases: for gru {@code bias_ih} and
   * {@code bias_hh}, for lstm and rnn the one bias ({@code recurrent} is null) with {@code Rb = 0}.
   */
  public float[] toOnnxBias(float[] input, float[] recurrent, int units) {
    int n = gates() * units;
    float[] b = new float[2 * n];
    System.arraycopy(toOnnxGates(input, units), 0, b, 0, n);
    if (recurrent != null) {
      System.arraycopy(toOnnxGates(recurrent, units), 0, b, n, n);
    }
    return b;
  }

  /** netc's input-side bias (gru's {@code bias_ih}; lstm's and rnn's one bias, {@code Wb + Rb}). */
  public float[] netcInputBias(float[] onnxB, int units) {
    int n = gates() * units;
    check(onnxB, 2 * n, "ONNX B [" + 2 * n + "]");
    float[] wb = new float[n];
    for (int i = 0; i < n; i++) {
      wb[i] = this == GRU ? onnxB[i] : onnxB[i] + onnxB[n + i];
    }
    return toNetcGates(wb, units);
  }

  /** gru's {@code bias_hh} ({@code Rb} in netc's gate order); the other cells have none. */
  public float[] netcRecurrentBias(float[] onnxB, int units) {
    if (this != GRU) {
      throw new IllegalStateException(this + " keeps one bias per gate");
    }
    int n = gates() * units;
    check(onnxB, 2 * n, "ONNX B [" + 2 * n + "]");
    float[] rb = new float[n];
    System.arraycopy(onnxB, n, rb, 0, n);
    return toNetcGates(rb, units);
  }

  private static void check(float[] v, int expected, String what) {
    if (v.length != expected) {
      throw new IllegalArgumentException(what + ": expected " + expected + " floats, got " + v.length);
    }
  }
}
