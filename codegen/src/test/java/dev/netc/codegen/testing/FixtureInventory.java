package dev.netc.codegen.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which catalogue ops and losses the PyTorch reference fixtures cover, computed by building the
 * graph of every fixture's network ({@link NetworkOps}): the whole-network fixtures under {@code
 * fixtures/net/**} ({@link NetFixture}), the conv/pool fixtures under {@code fixtures/conv} (one
 * layer and an input shape per file, in ConvReferenceTest's network) and the recurrent fixtures
 * under {@code fixtures/recurrent}, whose networks are the rows of RecurrentReferenceTest's
 * {@code @CsvSource} (read from the annotation, so the inventory sees exactly what the test runs).
 */
public final class FixtureInventory {
  private FixtureInventory() {}

  private static NetworkOps covered;

  /** Catalogue op names used by some fixture's network. */
  public static Set<String> opsCovered() {
    return inventory().ops();
  }

  /** Loss names used by some fixture's network. */
  public static Set<String> lossesCovered() {
    return inventory().losses();
  }

  private static synchronized NetworkOps inventory() {
    if (covered == null) {
      Set<String> ops = new TreeSet<>();
      Set<String> losses = new TreeSet<>();
      for (String network : networks()) {
        NetworkOps used = NetworkOps.of(network);
        ops.addAll(used.ops());
        losses.addAll(used.losses());
      }
      covered = new NetworkOps(ops, losses);
    }
    return covered;
  }

  /** The `.net` source of every fixture. */
  static List<String> networks() {
    List<String> networks = new ArrayList<>();
    Path net = directory("net");
    for (Path file : txtFiles(net, Integer.MAX_VALUE)) {
      String dir = net.relativize(file.getParent()).toString().replace('\\', '/');
      networks.add(NetFixture.load(dir.isEmpty() ? "net" : "net/" + dir, file.getFileName().toString()).source());
    }
    for (Path file : txtFiles(directory("conv"), 1)) {
      String layer = null;
      String input = null;
      for (String line : lines(file)) {
        if (line.startsWith("layer ")) {
          layer = line.substring(6);
        } else if (line.startsWith("input ")) {
          input = String.join(", ", line.substring(6).trim().split(" "));
        }
      }
      if (layer == null || input == null) {
        throw new IllegalStateException(file + ": a conv fixture needs a layer and an input line");
      }
      // ConvReferenceTest's network around the layer
      networks.add("network Ref {\n  input x: float[" + input + "];\n  " + layer + ";\n  loss mse;\n}\n");
    }
    Path recurrent = directory("recurrent");
    for (String row : recurrentRows()) {
      String[] cells = row.split("\\|");
      if (!Files.exists(recurrent.resolve(cells[0].trim() + ".txt"))) {
        throw new IllegalStateException("RecurrentReferenceTest names fixture " + cells[0] + " which does not exist");
      }
      // RecurrentReferenceTest's network around the layers
      networks.add("network Ref {\n  input x: " + cells[1].trim() + ";\n  " + cells[2].trim() + ";\n  loss mse;\n}\n");
    }
    return networks;
  }

  private static String[] recurrentRows() {
    try {
      Class<?> test = Class.forName("dev.netc.codegen.ops.RecurrentReferenceTest");
      Method m = test.getDeclaredMethod("matchesPyTorch", String.class, String.class, String.class);
      CsvSource rows = m.getAnnotation(CsvSource.class);
      if (rows == null || rows.delimiter() != '|') {
        throw new IllegalStateException("RecurrentReferenceTest.matchesPyTorch no longer lists its fixtures as "
            + "'|'-separated @CsvSource rows; update FixtureInventory");
      }
      return rows.value();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("RecurrentReferenceTest.matchesPyTorch(String, String, String) not found; "
          + "update FixtureInventory", e);
    }
  }

  private static List<Path> txtFiles(Path dir, int depth) {
    try (Stream<Path> files = Files.walk(dir, depth)) {
      return files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path directory(String dir) {
    URL url = FixtureInventory.class.getResource("/fixtures/" + dir);
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
