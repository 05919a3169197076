package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The element-wise merges {@code add} (any number of values), {@code sub} and {@code mul} (two).
 * Every operand has the output's shape, or is a per-channel {@code [C]} vector over a {@code [C, ...]}
 * value (a squeeze-and-excitation scale, a per-channel bias): it is then read once per channel and
 * its gradient is summed over the rest of the example. Nothing else broadcasts, so a mismatch is an
 * error that names both shapes instead of a silently different model.
 */
public final class ElementwiseMerge implements Op {

  /** What the merge computes: the output from the operands, and each operand's local derivative. */
  public enum Kind {
    ADD("add", "sum of its inputs", 2, Integer.MAX_VALUE),
    SUB("sub", "first input minus the second", 2, 2),
    MUL("mul", "element-wise product of two inputs", 2, 2);

    final String dslName;
    final String doc;
    final int min;
    final int max;

    Kind(String dslName, String doc, int min, int max) {
      this.dslName = dslName;
      this.doc = doc;
      this.min = min;
      this.max = max;
    }
  }

  private final Kind kind;

  public ElementwiseMerge(Kind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.dslName;
  }

  @Override
  public String doc() {
    return kind.doc + ", element-wise (a per-channel [C] operand broadcasts over [C, ...])";
  }

  @Override
  public List<ArgSpec> args() {
    return List.of();
  }

  @Override
  public int minInputs() {
    return kind.min;
  }

  @Override
  public int maxInputs() {
    return kind.max;
  }

  @Override
  public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
    return input;
  }

  @Override
  public Shape inferShape(List<Shape> inputs, List<String> names, Args args, Diagnostics diags, String where) {
    // the output has the shape of the largest operand; the others equal it or are per-channel
    Shape full = inputs.get(0);
    int fullAt = 0;
    for (int k = 1; k < inputs.size(); k++) {
      if (inputs.get(k).size() > full.size()) {
        full = inputs.get(k);
        fullAt = k;
      }
    }
    for (int k = 0; k < inputs.size(); k++) {
      Shape s = inputs.get(k);
      if (s.equals(full) || perChannel(s, full)) {
        continue;
      }
      diags.error(args.callPos(), kind.dslName + ": cannot merge " + names.get(fullAt) + " " + full.describe()
          + " and " + names.get(k) + " " + s.describe() + ": element-wise merges need equal shapes"
          + (full.rank() > 1 ? " (or a per-channel [" + full.dim(0) + "] operand)" : "") + "; "
          + fix(names.get(k), s, full));
      return null;
    }
    return full;
  }

  /** Whether {@code s} is a {@code [C]} vector broadcast over the channels of {@code full = [C, ...]}. */
  static boolean perChannel(Shape s, Shape full) {
    return s.rank() == 1 && full.rank() > 1 && s.dim(0) == full.dim(0);
  }

  /** How to make {@code s} fit {@code full}, in words. */
  private static String fix(String name, Shape s, Shape full) {
    if (s.rank() == full.rank() && s.rank() == 3 && s.dim(0) != full.dim(0)
        && s.dim(1) == full.dim(1) && s.dim(2) == full.dim(2)) {
      return "project " + name + " to " + full.dim(0) + " channels first, e.g. " + name
          + " -> conv2d(" + full.dim(0) + ", kernel: 1)";
    }
    if (s.rank() == full.rank() && s.rank() == 3 && s.dim(0) == full.dim(0)) {
      return "bring " + name + " to " + full.dim(1) + "x" + full.dim(2) + " first (a strided conv2d or a pool)";
    }
    if (s.rank() == 1 && full.rank() > 1) {
      return "a per-channel operand needs one value per channel: give " + name + " " + full.dim(0)
          + " values, e.g. dense(" + full.dim(0) + ")";
    }
    if (s.rank() == 1 && full.rank() == 1) {
      return "project " + name + " first, e.g. " + name + " -> dense(" + full.dim(0) + ")";
    }
    return "reshape or project " + name + " to " + full.describe() + " first";
  }

  @Override
  public long flops(Shape input, Shape output, Args args) {
    return output.size() * Math.max(1, kind.min - 1);
  }

  @Override
  public String describe(Args args) {
    return kind.dslName;
  }

  @Override
  public void emitForward(LayerCode c) {
    int n = c.inputCount();
    List<String> terms = new ArrayList<>();
    boolean broadcast = false;
    for (int k = 0; k < n; k++) {
      broadcast |= c.inShape(k).size() != c.outSize();
    }
    int channels = c.outShape().dim(0);
    int perChannel = c.outSize() / channels;
    if (!broadcast) {
      for (int k = 0; k < n; k++) {
        terms.add("x" + k + "[i]");
      }
      c.statement("int n = $L", LayerCode.batchTimes(c.outSize()))
          .begin("for (int i = 0; i < n; i++)")
          .statement("y[i] = $L", combine(terms))
          .end();
      return;
    }
    for (int k = 0; k < n; k++) {
      terms.add(c.inShape(k).size() == c.outSize() ? "x" + k + "[i]" : "x" + k + "[bc]");
    }
    c.add("// per-channel operands are read once per channel ($L channels of $L)\n", channels, perChannel)
        .statement("int rows = $L", LayerCode.batchTimes(channels))
        .begin("for (int bc = 0; bc < rows; bc++)")
        .statement("int from = bc * $L", perChannel)
        .begin("for (int i = from; i < from + $L; i++)", perChannel)
        .statement("y[i] = $L", combine(terms))
        .end()
        .end();
  }

  private String combine(List<String> terms) {
    return switch (kind) {
      case ADD -> String.join(" + ", terms);
      case SUB -> terms.get(0) + " - " + terms.get(1);
      case MUL -> terms.get(0) + " * " + terms.get(1);
    };
  }

  @Override
  public void emitBackward(LayerCode c) {
    int channels = c.outShape().dim(0);
    int perChannel = c.outSize() / channels;
    boolean broadcast = false;
    for (int k = 0; k < c.inputCount(); k++) {
      broadcast |= c.inShape(k).size() != c.outSize();
    }
    for (int k = 0; k < c.inputCount(); k++) {
      String local = local(c, k);
      boolean full = c.inShape(k).size() == c.outSize();
      c.add("// into $L's gradient$L\n", "x" + k, c.accumulate(k) ? " (added)" : "").beginInputGrad(k);
      if (!broadcast) {
        c.statement("int n$L = $L", k, LayerCode.batchTimes(c.outSize()))
            .begin("for (int i = 0; i < n$L; i++)", k)
            .statement("gx$L[i] $L $L", k, c.gxAssign(k), local)
            .end();
      } else {
        // per channel: a per-channel operand's gradient is the sum over the channel
        c.begin("for (int bc = 0; bc < $L; bc++)", LayerCode.batchTimes(channels))
            .statement("int from = bc * $L", perChannel);
        if (full) {
          c.begin("for (int i = from; i < from + $L; i++)", perChannel)
              .statement("gx$L[i] $L $L", k, c.gxAssign(k), local)
              .end();
        } else {
          c.statement("float sum = 0f")
              .begin("for (int i = from; i < from + $L; i++)", perChannel)
              .statement("sum += $L", local)
              .end()
              .statement("gx$L[bc] $L sum", k, c.gxAssign(k));
        }
        c.end();
      }
      c.endInputGrad(k);
    }
  }

  /** The gradient reaching operand {@code k} at output element {@code i} (its broadcast index {@code bc}). */
  private String local(LayerCode c, int k) {
    return switch (kind) {
      case ADD -> "gy[i]";
      case SUB -> k == 0 ? "gy[i]" : "-gy[i]";
      case MUL -> {
        int other = 1 - k;
        String x = c.inShape(other).size() == c.outSize() ? "x" + other + "[i]" : "x" + other + "[bc]";
        yield "gy[i] * " + x;
      }
    };
  }
}
