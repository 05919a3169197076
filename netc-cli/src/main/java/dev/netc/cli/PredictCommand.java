package dev.netc.cli;

import dev.netc.runtime.LossKind;
import dev.netc.runtime.Model;
import dev.netc.runtime.OutputPort;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code netc predict MODEL --net FILE --input in.csv [--output out.csv]}: one output line per
 * input line. A classifier writes the class and its probabilities, a binary cross-entropy network
 * the probability of each output, any other network its output values.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Run trained weights on the examples of a CSV file, CSV out.",
      "Input: one example per line, the network's input values (a first line that is not all"
          + " numbers is a header). Output, one line per example: a classifier's class and"
          + " probabilities (class,p0,p1,...), a binary cross-entropy network's probabilities"
          + " (p0,...), any other network's outputs (y0,...)."})
final class PredictCommand implements Callable<Integer> {
  @ParentCommand
  NetcCommand netc;

  @Mixin
  SourceOptions sources;

  @Mixin
  ModelOptions model;

  @Option(names = "--input", paramLabel = "FILE.csv", required = true, description = "The examples.")
  Path input;

  @Option(names = "--output", paramLabel = "FILE.csv",
      description = "Where the predictions go (default: standard output).")
  Path output;

  /** What each output line holds. */
  private enum Columns { CLASS_AND_PROBABILITIES, PROBABILITIES, VALUES }

  @Override
  public Integer call() throws IOException {
    if (!Files.isRegularFile(input)) {
      throw CliException.usage("input not found: " + input);
    }
    Model m = NetworkModel.build(model.net, sources.roots, model.network, netc.err());
    NetworkModel.load(m, model.model);
    Columns columns = columns(m);
    Writer sink = output == null ? new OutputStreamWriter(netc.out(), StandardCharsets.UTF_8)
        : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    int rows = 0;
    try (BufferedReader in = Files.newBufferedReader(input, StandardCharsets.UTF_8)) {
      PrintWriter out = new PrintWriter(new BufferedWriter(sink));
      out.println(header(m, columns));
      float[] x = new float[m.inputSize()];
      int lineNo = 0;
      boolean first = true;
      for (String line; (line = in.readLine()) != null; ) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        if (first && !DataFiles.allNumbers(line)) {
          first = false;
          continue; // a header
        }
        first = false;
        parse(line, lineNo, x, m);
        out.println(row(m, columns, x));
        rows++;
      }
      out.flush();
      if (output != null) {
        sink.close();
      }
    }
    if (output != null) {
      netc.err().println("wrote " + rows + " predictions to " + output);
    }
    return Exit.OK;
  }

  private static Columns columns(Model m) {
    if (m.outputs().size() > 1) {
      return Columns.VALUES;
    }
    LossKind loss = m.loss();
    if (loss.isClassification()) {
      return m.outputShape().length == 1 ? Columns.CLASS_AND_PROBABILITIES : Columns.PROBABILITIES;
    }
    return loss == LossKind.BINARY_CROSS_ENTROPY_WITH_LOGITS ? Columns.PROBABILITIES : Columns.VALUES;
  }

  private static String header(Model m, Columns columns) {
    List<String> names = new ArrayList<>();
    if (columns == Columns.CLASS_AND_PROBABILITIES) {
      names.add("class");
    }
    if (columns == Columns.VALUES && m.outputs().size() > 1) {
      for (OutputPort port : m.outputs()) {
        for (int i = 0; i < port.size(); i++) {
          names.add(port.name() + "_" + i);
        }
      }
    } else {
      String prefix = columns == Columns.VALUES ? "y" : "p";
      for (int i = 0; i < m.outputSize(); i++) {
        names.add(prefix + i);
      }
    }
    return String.join(",", names);
  }

  private static String row(Model m, Columns columns, float[] x) {
    float[] values = columns == Columns.VALUES ? m.predict(x) : m.predictProbabilities(x);
    StringBuilder line = new StringBuilder();
    if (columns == Columns.CLASS_AND_PROBABILITIES) {
      line.append(m.predictClass(x));
    }
    for (float v : values) {
      if (line.length() > 0) {
        line.append(',');
      }
      line.append(v);
    }
    return line.toString();
  }

  /** One line's numbers into {@code x}, or an error naming the line and column. */
  private void parse(String line, int lineNo, float[] x, Model m) {
    String[] fields = line.split(",", -1);
    if (fields.length != x.length) {
      throw CliException.failed(input + ", line " + lineNo + ": " + fields.length + " values, but network "
          + m.name() + " takes " + x.length + " per example");
    }
    for (int i = 0; i < fields.length; i++) {
      try {
        x[i] = Float.parseFloat(fields[i].trim());
      } catch (NumberFormatException e) {
        throw CliException.failed(input + ", line " + lineNo + ", column " + (i + 1) + ": not a number: '"
            + fields[i] + "'");
      }
      if (!Float.isFinite(x[i])) {
        throw CliException.failed(input + ", line " + lineNo + ", column " + (i + 1) + ": " + fields[i]
            + " is not a finite number");
      }
    }
  }
}
