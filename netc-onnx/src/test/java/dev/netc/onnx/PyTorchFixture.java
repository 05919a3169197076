package dev.netc.onnx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One PyTorch fixture under {@code src/test/resources/pytorch/} (written by {@code
 * src/test/python/make_pytorch_fixtures.py}): the exported {@code .onnx} and PyTorch's inputs and
 * outputs on it. Every file must name the torch version and the script that wrote it.
 *
 * @param name the fixture's name (its files are {@code name.onnx}, {@code name.txt})
 * @param torch the PyTorch version that wrote it
 * @param model the exported model file
 * @param inputs the graph inputs in order, batch first
 * @param output PyTorch's output on them
 */
public record PyTorchFixture(String name, String torch, Path model, List<Tensor> inputs, Tensor output) {

  private static final Pattern TORCH = Pattern.compile("1\\.13\\.\\d+[A-Za-z0-9.+_-]*");

  /**
   * A tensor of the fixture: float32 values, or int64 token ids (held as floats, which netc's
   * runtime takes; every id in the fixtures is far below 2^24).
   *
   * @param name the graph value's name
   * @param int64 whether the values are integers
   * @param dims the shape, batch first
   * @param values row-major
   */
  public record Tensor(String name, boolean int64, long[] dims, float[] values) {
    public int batch() {
      return (int) dims[0];
    }

    public long[] longs() {
      long[] out = new long[values.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = (long) values[i];
      }
      return out;
    }
  }

  /** The names of every fixture in the directory. */
  public static Stream<String> names() {
    try (Stream<Path> files = Files.list(directory())) {
      return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".txt"))
          .map(f -> f.substring(0, f.length() - 4)).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PyTorchFixture load(String name) {
    Path dir = directory();
    List<String> lines;
    try {
      lines = Files.readAllLines(dir.resolve(name + ".txt"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String torch = null;
    String script = null;
    Path model = null;
    List<Tensor> inputs = new ArrayList<>();
    Tensor output = null;
    for (String line : lines) {
      String[] words = line.split(" ", 2);
      switch (words[0]) {
        case "torch" -> torch = words[1];
        case "script" -> script = words[1];
        case "model" -> model = dir.resolve(words[1]);
        case "input" -> inputs.add(tensor(name, words[1]));
        case "output" -> output = tensor(name, words[1]);
        case "seed", "#" -> { }
        default -> throw new IllegalStateException(name + ".txt: unknown line " + words[0]);
      }
    }
    if (torch == null || !TORCH.matcher(torch).matches() || !"make_pytorch_fixtures.py".equals(script)) {
      throw new IllegalStateException(name + ".txt: no provenance (torch 1.13.x and script"
          + " make_pytorch_fixtures.py), got torch " + torch + ", script " + script);
    }
    if (model == null || output == null || inputs.isEmpty()) {
      throw new IllegalStateException(name + ".txt: needs a model, inputs and an output");
    }
    return new PyTorchFixture(name, torch, model, List.copyOf(inputs), output);
  }

  /** {@code <name> <float32|int64> <d0,d1,...> <values>}. */
  private static Tensor tensor(String fixture, String text) {
    String[] parts = text.trim().split("\\s+");
    long[] dims = Arrays.stream(parts[2].split(",")).mapToLong(Long::parseLong).toArray();
    float[] values = new float[parts.length - 3];
    for (int i = 0; i < values.length; i++) {
      values[i] = Float.parseFloat(parts[3 + i]);
    }
    long size = Arrays.stream(dims).reduce(1, (a, b) -> a * b);
    if (size != values.length) {
      throw new IllegalStateException(fixture + ".txt: " + parts[0] + " has shape " + parts[2] + " but "
          + values.length + " values");
    }
    return new Tensor(parts[0], parts[1].equals("int64"), dims, values);
  }

  private static Path directory() {
    URL url = PyTorchFixture.class.getResource("/pytorch/");
    if (url == null) {
      throw new IllegalStateException("no pytorch/ fixtures on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
