package dev.netc.onnx.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Layer names made from ONNX node names. */
class NetNamesTest {

  @Test
  void pytorchScopesBecomeShortNames() {
    NetNames names = new NetNames();
    assertEquals("fc1", names.layer("/fc1/Gemm", "Gemm", "dense", "x"));
    assertEquals("features_0", names.layer("/features/features.0/Conv", "Conv", "conv2d", "x"));
    assertEquals("conv2d_0", names.layer("/0/Conv", "Conv", "conv2d", "x"));
    assertEquals("relu_1", names.layer("/Relu_1", "Relu", "relu", "x"));
    assertEquals("dense_1", names.layer("dense_1", "Gemm", "dense", "x"), "netc's own names come back");
  }

  @Test
  void namesAreFreshAndNeverReserved() {
    NetNames names = new NetNames();
    assertEquals("add_1", names.fresh("Add", "x"), "an op name");
    assertEquals("input_1", names.fresh("input", "x"), "a keyword");
    assertEquals("class_1", names.fresh("class", "x"), "a Java keyword");
    assertEquals("conv_1", names.fresh("conv.1", "x"));
    assertEquals("conv_1_1", names.fresh("Conv_1", "x"), "same generated Java constant as conv_1");
    assertEquals("output_0", names.fresh("", "output.0"), "the fallback when the node has no name");
    assertEquals("v7", names.fresh("7", "x"));
  }
}
