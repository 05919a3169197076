package dev.netc.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data} and how to read a CSV file's label. */
final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR|FILE.csv", required = true,
      description = "An IDX directory (MNIST / Fashion-MNIST file names, gzipped or not) or a CSV file"
          + " (one example per line, one column the label; a first line that is not all numbers is a header).")
  Path path;

  @Option(names = "--label-column", paramLabel = "N", defaultValue = "-1",
      description = "The CSV column holding the label, from 0; negative counts from the end (default: ${DEFAULT-VALUE}, the last).")
  int labelColumn;
}
