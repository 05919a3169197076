package dev.netc.codegen.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.plan.KernelPolicy;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.Workspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A whole network checked against a reference (PyTorch) on committed numbers: the format every
 * {@code fixtures/*_reference.py} script writes through {@code fixtures/netfixture.py}, so a test
 * needs no Python. One file is one case:
 *
 * <pre>
 * torch 1.13.0               (provenance, required: the PyTorch version that computed the numbers)
 * script dense_reference.py  (provenance, required: the script next to the fixtures that wrote the file)
 * # comment
 * net network Ref {            (the .net text, one line per "net" line)
 * batch 2
 * tolerance 1e-5               (optional; relative to the largest reference magnitude per tensor)
 * input x v v v ...            (one line per network input, in declaration order, batch-major)
 * target v v ...               (packed per example: the targets of every output, in output order)
 * param dense_1.weight v ...   (a parameter by its ParameterInfo name, already in netc's layout)
 * output logits v ...          (forward pass in inference mode, one line per output, in output order)
 * loss v                       (mean weighted loss of a training-mode forward pass)
 * grad dense_1.weight v ...    (gradient of that loss, netc layout)
 * ginput x v ...               (gradient with respect to a network input)
 * updated bn.running_mean v .. (a parameter after the training-mode pass: batchnorm's running statistics)
 * </pre>
 *
 * Every parameter of the network must be given; every tensor given is compared. A file without
 * well-formed provenance is refused when loaded, so no number enters the tests without saying
 * where it came from.
 */
public final class NetFixture {
  public static final double DEFAULT_TOLERANCE = 1e-5;

  /** What a {@code torch} line must hold: a release version such as 2.1.0 or 1.13.0a0. */
  public static final Pattern TORCH_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+[A-Za-z0-9.+_-]*");

  /** What a {@code script} line must hold: a Python file name, no directory. */
  private static final Pattern SCRIPT = Pattern.compile("[A-Za-z0-9_]+\\.py");

  private final String name;
  private final List<String> netLines = new ArrayList<>();
  private int batch = 1;
  private double tolerance = DEFAULT_TOLERANCE;
  private final Map<String, float[]> inputs = new LinkedHashMap<>();
  private final Map<String, float[]> params = new LinkedHashMap<>();
  private final Map<String, float[]> outputs = new LinkedHashMap<>();
  private final Map<String, float[]> grads = new LinkedHashMap<>();
  private final Map<String, float[]> inputGrads = new LinkedHashMap<>();
  private final Map<String, float[]> updated = new LinkedHashMap<>();
  private String torchVersion;
  private String script;
  private float[] target;
  private float[] loss;

  private NetFixture(String name) {
    this.name = name;
  }

  /** The fixture file names (*.txt) in the test resource directory {@code /fixtures/<dir>}, sorted. */
  public static Stream<String> names(String dir) {
    try (Stream<Path> list = Files.list(directory(dir))) {
      return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".txt")).sorted()
          .toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Every fixture under {@code /fixtures/net} (all areas), as paths relative to it such as {@code
   * dense/dense_tanh_mse.txt}, sorted.
   */
  public static Stream<String> all() {
    Path root = directory("net");
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".txt"))
          .map(p -> root.relativize(p).toString().replace('\\', '/')).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads one of {@link #all()}: {@code /fixtures/net/<relative>}. */
  public static NetFixture load(String relative) {
    int slash = relative.lastIndexOf('/');
    String dir = slash < 0 ? "net" : "net/" + relative.substring(0, slash);
    return load(dir, relative.substring(slash + 1));
  }

  /** Reads {@code /fixtures/<dir>/<file>} from the test class path and checks its provenance. */
  public static NetFixture load(String dir, String file) {
    NetFixture f = new NetFixture(dir + "/" + file);
    List<String> lines;
    try {
      lines = Files.readAllLines(directory(dir).resolve(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String line : lines) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1);
      switch (key) {
        case "torch" -> f.torchVersion = rest.trim();
        case "script" -> f.script = rest.trim();
        case "net" -> f.netLines.add(rest);
        case "batch" -> f.batch = Integer.parseInt(rest.trim());
        case "tolerance" -> f.tolerance = Double.parseDouble(rest.trim());
        case "target" -> f.target = floats(rest);
        case "loss" -> f.loss = floats(rest);
        case "input", "param", "output", "grad", "ginput", "updated" -> {
          int s = rest.indexOf(' ');
          String tensor = rest.substring(0, s);
          float[] values = floats(rest.substring(s + 1));
          (switch (key) {
            case "input" -> f.inputs;
            case "param" -> f.params;
            case "output" -> f.outputs;
            case "grad" -> f.grads;
            case "updated" -> f.updated;
            default -> f.inputGrads;
          }).put(tensor, values);
        }
        default -> throw new IllegalArgumentException(f.name + ": unknown line kind '" + key + "'");
      }
    }
    checkProvenance(f.name, f.torchVersion, f.script);
    return f;
  }

  /**
   * Fails unless {@code torchVersion} is a PyTorch version (as {@link #TORCH_VERSION}) and {@code
   * script} names a Python script that exists next to the fixtures ({@code /fixtures/<script>}):
   * the provenance every fixture format must carry.
   */
  public static void checkProvenance(String fixture, String torchVersion, String script) {
    assertNotNull(torchVersion, fixture + ": no 'torch <version>' line: the PyTorch version that computed"
        + " the numbers is required (regenerate the fixture with its script)");
    assertTrue(TORCH_VERSION.matcher(torchVersion).matches(),
        fixture + ": malformed torch version '" + torchVersion + "', expected e.g. 2.1.0");
    assertNotNull(script, fixture + ": no 'script <file>.py' line naming the script that wrote it");
    assertTrue(SCRIPT.matcher(script).matches(), fixture + ": malformed script name '" + script + "'");
    assertNotNull(NetFixture.class.getResource("/fixtures/" + script),
        fixture + ": written by " + script + ", which is not next to the fixtures");
  }

  /** The PyTorch version that computed this fixture's numbers. */
  public String torchVersion() {
    return torchVersion;
  }

  /** The fixture's name: its directory and file. */
  public String name() {
    return name;
  }

  public String source() {
    return String.join("\n", netLines) + "\n";
  }

  /** Compiles the network, loads the parameters and compares every tensor the file gives. */
  public String check() {
    return check(KernelPolicy.AUTO);
  }

  /** As {@link #check()}, with the layers' kernels forced by {@code kernels} where they can take it. */
  public String check(KernelPolicy kernels) {
    Model model = Nets.compile(source(), kernels).model();
    float[] p = model.parameters();
    Map<String, ParameterInfo> infos = new LinkedHashMap<>();
    for (ParameterInfo info : model.parameterInfo()) {
      infos.put(info.name(), info);
      float[] value = params.get(info.name());
      assertNotNull(value, name + ": no value for parameter " + info.name() + " (given: " + params.keySet() + ")");
      assertEquals(info.size(), value.length, name + ": size of parameter " + info.name());
      System.arraycopy(value, 0, p, info.offset(), value.length);
    }
    for (String given : params.keySet()) {
      assertTrue(infos.containsKey(given), name + ": the network has no parameter " + given
          + " (it has " + infos.keySet() + ")");
    }
    float[] in = pack(new ArrayList<>(inputs.values()), model.inputSize());
    Workspace ws = model.newWorkspace(batch);
    StringBuilder report = new StringBuilder(name).append('\n');
    if (!outputs.isEmpty()) {
      float[] out = new float[batch * model.outputSize()];
      model.forward(ws, in, out, batch, false);
      float[] expected = pack(new ArrayList<>(outputs.values()), model.outputSize());
      compare(report, "output " + String.join(",", outputs.keySet()), expected, out);
    }
    double actualLoss = model.computeGradients(ws, in, target, batch, !inputGrads.isEmpty());
    if (loss != null) {
      compare(report, "loss", loss, new float[] {(float) actualLoss});
    }
    for (Map.Entry<String, float[]> g : grads.entrySet()) {
      ParameterInfo info = infos.get(g.getKey());
      assertNotNull(info, name + ": gradient of unknown parameter " + g.getKey());
      compare(report, "grad " + g.getKey(), g.getValue(),
          Arrays.copyOfRange(ws.gradients(), info.offset(), info.offset() + info.size()));
    }
    if (!inputGrads.isEmpty()) {
      float[] expected = pack(new ArrayList<>(inputGrads.values()), model.inputSize());
      compare(report, "ginput", expected, Arrays.copyOf(ws.inputGradient(), batch * model.inputSize()));
    }
    for (Map.Entry<String, float[]> u : updated.entrySet()) {
      ParameterInfo info = infos.get(u.getKey());
      assertNotNull(info, name + ": updated value of unknown parameter " + u.getKey());
      compare(report, "updated " + u.getKey(), u.getValue(),
          Arrays.copyOfRange(model.parameters(), info.offset(), info.offset() + info.size()));
    }
    return report.toString();
  }

  /** Per example, the tensors one after the other (the packed layout of several inputs or outputs). */
  private float[] pack(List<float[]> tensors, int perExample) {
    float[] packed = new float[batch * perExample];
    int offset = 0;
    for (float[] t : tensors) {
      int size = t.length / batch;
      for (int b = 0; b < batch; b++) {
        System.arraycopy(t, b * size, packed, b * perExample + offset, size);
      }
      offset += size;
    }
    assertEquals(perExample, offset, name + ": floats per example of " + tensors.size() + " tensors");
    return packed;
  }

  private void compare(StringBuilder report, String tensor, float[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, name + " " + tensor + ": size");
    double max = 0;
    double diff = 0;
    for (int i = 0; i < expected.length; i++) {
      assertTrue(Float.isFinite(actual[i]), name + " " + tensor + "[" + i + "] = " + actual[i]);
      max = Math.max(max, Math.abs(expected[i]));
      diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
    }
    double rel = diff / Math.max(max, 1e-12);
    report.append(String.format(Locale.ROOT, "  %-28s n=%-5d rel %.2e%n", tensor, expected.length, rel));
    assertTrue(rel <= tolerance, name + " " + tensor + ": max |netc - reference| = " + diff
        + ", relative " + rel + " > " + tolerance + "\n" + report);
  }

  private static float[] floats(String text) {
    String[] parts = text.trim().split("\\s+");
    float[] a = new float[parts.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = (float) Double.parseDouble(parts[i]);
    }
    return a;
  }

  private static Path directory(String dir) {
    URL url = NetFixture.class.getResource("/fixtures/" + dir);
    if (url == null) {
      throw new IllegalStateException("src/test/resources/fixtures/" + dir + " is not on the test class path");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
