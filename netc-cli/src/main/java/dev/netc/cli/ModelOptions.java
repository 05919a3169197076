package dev.netc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A trained model: its weights file and the {@code .net} file that declares its network. A netc
 * model file holds the weights, the network's name and a hash of its parameter layout, not the
 * network, so the network comes from its source; loading checks name and layout, so the weights
 * of another network or of an edited one are refused.
 */
final class ModelOptions {
  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file `netc train --save` wrote.")
  Path model;

  @Option(names = "--net", paramLabel = "FILE", required = true,
      description = "The .net file declaring the model's network.")
  Path net;

  @Option(names = "--network", paramLabel = "NAME",
      description = "The model's network when the file declares several.")
  String network;
}
