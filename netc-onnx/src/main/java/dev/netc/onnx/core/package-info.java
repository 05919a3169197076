/**
 * What the op mappings work with: the export and import contexts ({@link
 * dev.netc.onnx.core.ExportContext}, {@link dev.netc.onnx.core.ImportContext} with its {@link
 * dev.netc.onnx.core.LayerBuilder}), constant folding with a symbolic batch size ({@link
 * dev.netc.onnx.core.ConstantFolder}), netc's parameter layout of a graph ({@link
 * dev.netc.onnx.core.NetcLayout}), and the mapping interface {@link dev.netc.onnx.core.OnnxOp}.
 */
package dev.netc.onnx.core;
