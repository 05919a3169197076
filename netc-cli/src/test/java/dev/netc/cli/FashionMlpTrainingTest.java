package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.samples.FashionMnist;
import dev.netc.samples.Samples;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code netc train} on the samples' FashionMlp.net trains what the fashion-mlp sample (the main
 * job, {@code -Prun}) trains: the same network, the embedded Fashion-MNIST subset, and the sample's
 * settings (its training block, a 0.1 validation split and the learning rate times 0.8 after each
 * epoch), so it reaches the sample's test accuracy.
 */
class FashionMlpTrainingTest {
  static final Path FASHION_MLP = Path.of("../samples/src/main/net/dev/netc/samples/FashionMlp.net");
  static final Pattern RESULT = Pattern.compile("test accuracy (\\d\\.\\d{4}) \\(loss (\\d+\\.\\d{4})\\) on 2000 ");

  @TempDir
  Path dir;

  @Test
  void reachesTheFashionMlpSamplesTestAccuracyOnTheEmbeddedSubset() throws Exception {
    Path data = embeddedSubset(dir.resolve("fashion"));
    Path model = dir.resolve("fashion-mlp.netc");
    Cli.Run cli = Cli.run("train", FASHION_MLP, "--data", data, "--save", model,
        "--validation", "0.1", "--lr-decay", "0.8");
    assertEquals(0, cli.status(), cli.toString());
    assertTrue(cli.out().startsWith("data: 10000 examples from " + data + " (train-*); test: 2000 examples"), cli.out());
    assertTrue(cli.out().contains("epoch 10/10  loss "), cli.out());

    String sample = runSample("fashion-mlp", "--data", "embedded");
    double cliAccuracy = number(cli.out(), 1);
    double sampleAccuracy = number(sample, 1);
    assertEquals(sampleAccuracy, cliAccuracy, 0.005, "netc train:\n" + cli.out() + "\nthe sample:\n" + sample);

    // eval of the saved weights reports the accuracy train printed
    Cli.Run eval = Cli.run("eval", model, "--net", FASHION_MLP, "--data", data);
    assertEquals(0, eval.status(), eval.toString());
    assertTrue(eval.out().contains(String.format(java.util.Locale.ROOT, "loss %s  accuracy %.4f  (2000 examples)",
        group(cli.out(), 2), cliAccuracy)), eval.out() + "\n" + cli.out());
  }

  /** The subset the samples jar embeds, as the IDX directory {@code --data} takes. */
  static Path embeddedSubset(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String name : new String[] {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
        "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz"}) {
      try (InputStream in = FashionMnist.class.getResourceAsStream("/dev/netc/samples/data/" + name)) {
        Files.copy(in, dir.resolve(name));
      }
    }
    return dir;
  }

  /** What the sample's own main prints for {@code args}. */
  static String runSample(String... args) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
      System.setOut(out);
      Samples.main(args);
    } finally {
      System.setOut(original);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }

  private static double number(String output, int group) {
    return Double.parseDouble(group(output, group));
  }

  private static String group(String output, int group) {
    Matcher m = RESULT.matcher(output);
    assertTrue(m.find(), output);
    return m.group(group);
  }
}
