package dev.netc.onnx;

import dev.netc.codegen.ir.Graph;
import dev.netc.onnx.core.AtomicWrite;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.io.WeightLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An imported ONNX model: the {@code .net} text of the network (compiled in a build like any
 * other), its checked graph, and its weights in netc's layout, which {@link #write} saves as a
 * model file the generated class loads ({@code ModelFile.load}) or fine-tunes from.
 *
 * @param name the network's name
 * @param netSource the {@code .net} file's text
 * @param graph the network checked by netc
 * @param layout the parameter layout and ports model files record
 * @param params the weights, laid out as {@code layout} says
 */
public record ImportedNetwork(String name, String netSource, Graph graph, WeightLayout layout, float[] params) {

  /**
   * Writes the {@code .net} file and the model file, each atomically (a temporary file renamed);
   * when the second cannot be written the first is put back as it was (restored when it existed,
   * removed when it did not), so a failed write changes nothing and loses nothing.
   * @throws IOException when a file cannot be written
   */
  public void write(Path netFile, Path modelFile) throws IOException {
    byte[] previous = Files.isRegularFile(netFile) ? Files.readAllBytes(netFile) : null;
    AtomicWrite.replace(netFile, netSource.getBytes(StandardCharsets.UTF_8));
    try {
      ModelFile.save(layout, params, modelFile);
    } catch (IOException | RuntimeException e) {
      try {
        if (previous != null) {
          AtomicWrite.replace(netFile, previous);
        } else {
          Files.deleteIfExists(netFile);
        }
      } catch (IOException undo) {
        e.addSuppressed(undo);
      }
      throw e;
    }
  }
}
