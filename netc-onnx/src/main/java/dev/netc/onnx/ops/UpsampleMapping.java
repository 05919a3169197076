package dev.netc.onnx.ops;

import static dev.netc.onnx.core.Attributes.getString;
import static dev.netc.onnx.core.Attributes.ofString;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Constant;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import dev.netc.onnx.core.Value;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import onnx.Onnx.NodeProto;

/**
 * {@code upsample(factor)} and {@code Resize} in nearest mode with integer factors: output index
 * {@code o} reads input {@code floor(o / f)}, which is ONNX's {@code coordinate_transformation_mode
 * = asymmetric} with {@code nearest_mode = floor} (what PyTorch exports for {@code
 * nn.Upsample(mode='nearest')}). Scales or sizes must be constant and leave batch and channels alone.
 */
final class UpsampleMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of("upsample");
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Resize");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    int[] in = cx.inputShape(node, 0);
    int[] f = node.args().intListArg("factor");
    float[] scales = new float[in.length + 1];
    scales[0] = 1;
    scales[1] = 1;
    for (int i = 2; i < scales.length; i++) {
      scales[i] = f[Math.min(i - 2, f.length - 1)];
    }
    cx.add(node, "Resize", List.of(cx.input(node, 0), "", cx.initializer(node.name() + ".scales", scales,
        scales.length)), List.of(cx.output(node)), ofString("mode", "nearest"),
        ofString("coordinate_transformation_mode", "asymmetric"), ofString("nearest_mode", "floor"));
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    Value x = cx.input(node, 0);
    String mode = getString(node, "mode", "nearest");
    String transform = getString(node, "coordinate_transformation_mode", "half_pixel");
    String nearest = getString(node, "nearest_mode", "round_prefer_floor");
    if (!mode.equals("nearest") || !transform.equals("asymmetric") || !nearest.equals("floor")) {
      throw cx.refuse(node, "mode " + mode + ", coordinate_transformation_mode " + transform + ", nearest_mode "
          + nearest + "; netc's upsample repeats elements, which is mode nearest, asymmetric, floor");
    }
    int[] in = x.onnxShape();
    if (in.length != 2 && in.length != 3) {
      throw cx.refuse(node, "resizes a value of per-example shape " + Arrays.toString(in) + "; netc's upsample takes"
          + " [C, L] or [C, H, W]");
    }
    long[] factors = new long[in.length + 1];
    if (ImportContext.hasInput(node, 2) && cx.constant(node.getInput(2)) != null
        && cx.constant(node.getInput(2)).size() > 0) {
      float[] scales = cx.requireConstant(node, 2, "scales").asFloats();
      for (int i = 0; i < scales.length && i < factors.length; i++) {
        factors[i] = scales[i] == Math.rint(scales[i]) ? (long) scales[i] : -1;
      }
      factors = scales.length == factors.length ? factors : null;
    } else if (ImportContext.hasInput(node, 3)) {
      long[] sizes = cx.requireConstant(node, 3, "sizes").asLongs();
      for (int i = 1; i < sizes.length && i < factors.length; i++) {
        factors[i] = sizes[i] % in[i - 1] == 0 ? sizes[i] / in[i - 1] : -1;
      }
      factors[0] = 1;
      factors = sizes.length == factors.length ? factors : null;
    } else {
      throw cx.refuse(node, "has neither scales nor sizes");
    }
    if (factors == null || factors[0] != 1 || factors[1] != 1 || Arrays.stream(factors).anyMatch(f -> f < 1)) {
      throw cx.refuse(node, "scales by " + (factors == null ? "a list of another rank" : Arrays.toString(factors))
          + "; netc's upsample scales the spatial axes by whole factors and leaves batch and channels alone");
    }
    StringJoiner list = new StringJoiner(", ", "[", "]");
    int[] out = in.clone();
    for (int i = 2; i < factors.length; i++) {
      list.add(Long.toString(factors[i]));
      out[i - 1] = (int) (in[i - 1] * factors[i]);
    }
    cx.layer(node, "upsample").input(cx.inputAsOnnx(node, 0)).arg(list.toString()).emit(node.getOutput(0), out);
  }
}
