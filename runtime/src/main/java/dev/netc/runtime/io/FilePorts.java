package dev.netc.runtime.io;

import java.util.Arrays;
import java.util.List;

/**
 * The inputs and outputs of the network a version-3 file was written for, each as its name and
 * per-example shape ({@code meta[3]}): what a load compares with the model's own, so that weights
 * are never loaded into a network that takes or returns other values, whose packed arrays would be
 * read in the wrong places.
 *
 * @param inputs the inputs in declaration (packing) order, e.g. {@code [image[1, 28, 28], meta[3]]}
 * @param outputs the outputs in declaration (packing) order
 */
record FilePorts(List<String> inputs, List<String> outputs) {

  /** The ports of {@code model} as a file records them. */
  static FilePorts of(WeightLayout model) {
    return new FilePorts(model.inputs().stream().map(p -> port(p.name(), p.shape())).toList(),
        model.outputs().stream().map(p -> port(p.name(), p.shape())).toList());
  }

  /** {@code name[d0, d1, ...]}. */
  static String port(String name, int[] shape) {
    return name + Arrays.toString(shape);
  }

  /** Fails unless {@code model} has these ports, naming the file and both port lists. */
  void requireSame(WeightLayout model, java.nio.file.Path file) throws ModelFileException {
    FilePorts own = of(model);
    if (!equals(own)) {
      throw new ModelFileException(file, "written for a network with " + this + "; network " + model.network()
          + " has " + own + ". The file's weights belong to another version of the network: load a file saved"
          + " from this one, or use ModelFile.loadPretrained to copy the tensors that match");
    }
  }

  @Override
  public String toString() {
    return "inputs " + inputs + " and outputs " + outputs;
  }
}
