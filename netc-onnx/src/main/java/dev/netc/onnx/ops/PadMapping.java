package dev.netc.onnx.ops;

import dev.netc.codegen.ir.Node;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.core.Attributes;
import dev.netc.onnx.core.ExportContext;
import dev.netc.onnx.core.ImportContext;
import dev.netc.onnx.core.OnnxOp;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.NodeProto;

/**
 * ONNX's {@code Pad} with zeros, import only: netc pads inside the layer that reads the padded
 * value. PyTorch writes a Pad (often of nothing) before an {@code AveragePool}; a Pad of nothing
 * disappears, and zeros around the spatial axes go into the pads of the one Conv or AveragePool
 * that reads them (an average then counts them, {@code count_include_pad=1}). Any other Pad has
 * no netc layer.
 */
final class PadMapping implements OnnxOp {

  @Override
  public List<String> netcOps() {
    return List.of();
  }

  @Override
  public List<String> onnxOps() {
    return List.of("Pad");
  }

  @Override
  public void export(ExportContext cx, Node node) {
    throw new UnsupportedOperationException("netc has no pad layer to export");
  }

  @Override
  public void importNode(ImportContext cx, NodeProto node) throws OnnxImportException {
    String mode = Attributes.getString(node, "mode", "constant");
    if (!mode.equals("constant")) {
      throw cx.refuse(node, "mode " + mode + ": netc pads with zeros only");
    }
    if (ImportContext.hasInput(node, 2) && cx.requireConstant(node, 2, "constant value").get(0) != 0) {
      throw cx.refuse(node, "pads with " + cx.constant(node.getInput(2)).get(0) + ": netc pads with zeros only");
    }
    if (ImportContext.hasInput(node, 3)) {
      throw cx.refuse(node, "the axes input is not supported");
    }
    long[] pads = cx.requireConstant(node, 1, "pads").asLongs();
    int rank = cx.input(node, 0).onnxRank();
    if (pads.length != 2 * rank) {
      throw cx.refuse(node, "pads has " + pads.length + " values for a rank-" + rank + " input");
    }
    if (Arrays.stream(pads).allMatch(p -> p == 0)) {
      cx.bind(node.getOutput(0), cx.input(node, 0));
      return;
    }
    boolean spatialOnly = rank >= 3 && pads[0] == 0 && pads[1] == 0 && pads[rank] == 0 && pads[rank + 1] == 0
        && Arrays.stream(pads).allMatch(p -> p >= 0);
    NodeProto reader = cx.soleConsumer(node.getOutput(0), "Conv", "AveragePool");
    if (!spatialOnly || reader == null || !reader.getInput(0).equals(node.getOutput(0))) {
      throw cx.refuse(node, "pads " + Arrays.toString(pads) + ": netc pads the spatial axes with zeros only inside"
          + " the one Conv or AveragePool that reads the padded value");
    }
    int spatial = rank - 2;
    long[] own = Attributes.getInts(reader, "pads", new long[2 * spatial]);
    if (own.length != 2 * spatial || !Attributes.getString(reader, "auto_pad", "NOTSET").equals("NOTSET")) {
      throw cx.refuse(node, "the " + reader.getOpType() + " reading it sets auto_pad or pads of another rank");
    }
    long[] merged = new long[2 * spatial];
    for (int a = 0; a < spatial; a++) {
      merged[a] = own[a] + pads[a + 2];
      merged[a + spatial] = own[a + spatial] + pads[rank + a + 2];
    }
    NodeProto.Builder rewritten = reader.toBuilder().setInput(0, node.getInput(0)).clearAttribute();
    for (AttributeProto a : reader.getAttributeList()) {
      if (!a.getName().equals("pads") && !a.getName().equals("count_include_pad")) {
        rewritten.addAttribute(a);
      }
    }
    rewritten.addAttribute(Attributes.ofInts("pads", merged));
    if (reader.getOpType().equals("AveragePool")) {
      if (Arrays.stream(own).anyMatch(p -> p != 0) && Attributes.getInt(reader, "count_include_pad", 0) == 0) {
        throw cx.refuse(reader, "it pads again without counting its own padding (count_include_pad=0) after a Pad"
            + " whose zeros it counts");
      }
      rewritten.addAttribute(Attributes.ofInt("count_include_pad", 1));
    }
    cx.claim(reader);
    OnnxOps.forOnnx(reader.getOpType()).importNode(cx, rewritten.build());
  }
}
