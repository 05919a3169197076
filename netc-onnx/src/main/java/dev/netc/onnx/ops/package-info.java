/**
 * One {@link dev.netc.onnx.core.OnnxOp} per netc op family, export and import side by side,
 * registered in {@link dev.netc.onnx.ops.OnnxOps}.
 */
package dev.netc.onnx.ops;
