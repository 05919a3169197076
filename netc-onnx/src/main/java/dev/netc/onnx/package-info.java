/**
 * ONNX both ways: {@link dev.netc.onnx.OnnxExporter} writes a checked netc network with its
 * weights as an ONNX model, {@link dev.netc.onnx.OnnxImporter} reads an ONNX model as a {@code .net}
 * network and its weights ({@link dev.netc.onnx.ImportedNetwork}); {@link dev.netc.onnx.OnnxFiles}
 * reads and writes the files. The ONNX message classes ({@code onnx.Onnx.*}) are generated from the
 * official {@code onnx.proto} at build time.
 */
package dev.netc.onnx;
