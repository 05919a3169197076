package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * train, eval and predict on CSV data: two classes of points either side of the line x + y = 1,
 * which a small network learns in a few epochs.
 */
class TrainEvalPredictTest {
  static final String BLOBS = """
      network Blobs {
        input point: float[2];
        dense(16, activation: tanh);
        dense(2);
        loss softmax_cross_entropy;
        optimizer adam(lr: 0.05);
        training { batch: 16; epochs: 20; seed: 7; }
      }
      """;
  static final Pattern TEST_ACCURACY = Pattern.compile("test accuracy (\\d\\.\\d{4}) \\(loss (\\d+\\.\\d{4})\\)");

  @TempDir
  static Path dir;
  static Path net;
  static Path trainCsv;
  static Path testCsv;
  static Path model;
  static Cli.Run training;

  @BeforeAll
  static void train() throws IOException {
    net = Cli.write(dir, "Blobs.net", BLOBS);
    trainCsv = Cli.write(dir, "train.csv", points(400, 1, true));
    testCsv = Cli.write(dir, "test.csv", points(200, 2, true));
    model = dir.resolve("out/blobs.netc");
    training = Cli.run("train", net, "--data", trainCsv, "--test", testCsv, "--save", model);
  }

  /** {@code n} points in the unit square, label 1 above the line x + y = 1; a header line first. */
  static String points(int n, long seed, boolean labelled) {
    Random random = new Random(seed);
    StringBuilder csv = new StringBuilder(labelled ? "x,y,label\n" : "x,y\n");
    for (int i = 0; i < n; i++) {
      float x = random.nextFloat();
      float y = random.nextFloat();
      csv.append(x).append(',').append(y);
      if (labelled) {
        csv.append(',').append(x + y > 1 ? 1 : 0);
      }
      csv.append('\n');
    }
    return csv.toString();
  }

  static double accuracy(String output, Pattern pattern) {
    Matcher m = pattern.matcher(output);
    assertTrue(m.find(), output);
    return Double.parseDouble(m.group(1));
  }

  @Test
  void trainLearnsShowsProgressReportsTheTestSetAndSaves() {
    assertEquals(0, training.status(), training.toString());
    String out = training.out();
    assertTrue(out.startsWith("data: 400 examples from " + trainCsv + "; test: 200 examples from " + testCsv + "\n"), out);
    assertTrue(out.contains("dense_1          dense + tanh           [16]"), out); // the summary
    assertTrue(out.contains("epoch  1/20  loss ") && out.contains("epoch 20/20  loss "), out); // the progress
    assertTrue(accuracy(out, TEST_ACCURACY) >= 0.9, out); // chance is 0.5
    assertTrue(out.endsWith("saved " + model + "\n"), out);
    assertTrue(Files.isRegularFile(model));
  }

  @Test
  void evalOfTheSavedModelReproducesTheTestAccuracyTrainPrinted() {
    Cli.Run eval = Cli.run("eval", model, "--net", net, "--data", testCsv);
    assertEquals(0, eval.status(), eval.toString());
    double trained = accuracy(training.out(), TEST_ACCURACY);
    Matcher loss = TEST_ACCURACY.matcher(training.out());
    assertTrue(loss.find());
    assertTrue(eval.out().startsWith("network Blobs from " + model + " on 200 examples from " + testCsv + "\n"
        + String.format(Locale.ROOT, "loss %s  accuracy %.4f  (200 examples)\n", loss.group(2), trained)), eval.toString());
    assertTrue(eval.out().contains("confusion matrix (rows actual, columns predicted)"), eval.out());
  }

  @Test
  void predictWritesEachPointsClassAndProbabilities() throws IOException {
    Path input = Cli.write(dir, "points.csv", points(50, 3, false));
    Path output = dir.resolve("predictions.csv");
    Cli.Run run = Cli.run("predict", model, "--net", net, "--input", input, "--output", output);
    assertEquals(0, run.status(), run.toString());
    assertEquals("wrote 50 predictions to " + output + "\n", run.err());
    List<String> lines = Files.readAllLines(output);
    assertEquals("class,p0,p1", lines.get(0));
    assertEquals(51, lines.size());
    List<String> points = Files.readAllLines(input);
    int right = 0;
    for (int i = 1; i < lines.size(); i++) {
      String[] f = lines.get(i).split(",");
      float p0 = Float.parseFloat(f[1]);
      float p1 = Float.parseFloat(f[2]);
      assertEquals(1, p0 + p1, 1e-5, lines.get(i));
      assertEquals(p1 > p0 ? "1" : "0", f[0], lines.get(i));
      String[] xy = points.get(i).split(",");
      boolean above = Float.parseFloat(xy[0]) + Float.parseFloat(xy[1]) > 1;
      right += f[0].equals(above ? "1" : "0") ? 1 : 0;
    }
    assertTrue(right >= 43, right + " of 50 right");

    Cli.Run toStdout = Cli.run("predict", model, "--net", net, "--input", input);
    assertEquals(0, toStdout.status(), toStdout.toString());
    assertEquals(String.join("\n", lines) + "\n", toStdout.out());
  }

  @Test
  void aRegressionNetworkPredictsItsOutputValues() throws IOException {
    Path line = Cli.write(dir, "Line.net", """
        network Line {
          input x: float[1];
          dense(1);
          loss mse;
          optimizer sgd(lr: 0.1);
          training { batch: 8; epochs: 200; seed: 1; }
        }
        """);
    StringBuilder data = new StringBuilder();
    for (int i = 0; i <= 40; i++) {
      float x = i / 40f;
      data.append(x).append(',').append(2 * x + 1).append('\n');
    }
    Path csv = Cli.write(dir, "line.csv", data.toString());
    Path saved = dir.resolve("line.netc");
    Cli.Run train = Cli.run("train", line, "--data", csv, "--save", saved);
    assertEquals(0, train.status(), train.toString());
    Path input = Cli.write(dir, "x.csv", "0.25\n0.75\n");
    Cli.Run run = Cli.run("predict", saved, "--net", line, "--input", input);
    assertEquals(0, run.status(), run.toString());
    List<String> lines = run.out().lines().toList();
    assertEquals("y0", lines.get(0));
    assertEquals(1.5, Float.parseFloat(lines.get(1)), 0.05);
    assertEquals(2.5, Float.parseFloat(lines.get(2)), 0.05);
  }

  @Test
  void wrongCommandLinesAreUsageErrors() {
    Cli.Run noData = Cli.run("train", net, "--save", dir.resolve("x.netc"));
    assertEquals(2, noData.status(), noData.toString());
    assertTrue(noData.err().startsWith("error: Missing required option: '--data=DIR|FILE.csv'\n"), noData.toString());

    Cli.Run zeroEpochs = Cli.run("train", net, "--data", trainCsv, "--save", dir.resolve("x.netc"), "--epochs", "0");
    assertEquals(2, zeroEpochs.status(), zeroEpochs.toString());
    assertTrue(zeroEpochs.err().startsWith("error: --epochs must be at least 1, got 0\nUsage: netc train "),
        zeroEpochs.toString());

    Cli.Run notANumber = Cli.run("train", net, "--data", trainCsv, "--save", dir.resolve("x.netc"), "--lr", "fast");
    assertEquals(2, notANumber.status(), notANumber.toString());
    assertTrue(notANumber.err().startsWith("error: Invalid value for option '--lr': 'fast' is not a double"),
        notANumber.toString());

    Cli.Run noData2 = Cli.run("train", net, "--data", dir.resolve("none.csv"), "--save", dir.resolve("x.netc"));
    assertEquals(2, noData2.status(), noData2.toString());
    assertTrue(noData2.err().startsWith("error: data not found: " + dir.resolve("none.csv") + "\n"), noData2.toString());

    Cli.Run noNet = Cli.run("eval", model, "--data", testCsv);
    assertEquals(2, noNet.status(), noNet.toString());
    assertTrue(noNet.err().startsWith("error: Missing required option: '--net=FILE'"), noNet.toString());

    Cli.Run noModel = Cli.run("eval", dir.resolve("none.netc"), "--net", net, "--data", testCsv);
    assertEquals(2, noModel.status(), noModel.toString());
    assertTrue(noModel.err().startsWith("error: model file not found: " + dir.resolve("none.netc")), noModel.toString());

    Cli.Run noInput = Cli.run("predict", model, "--net", net);
    assertEquals(2, noInput.status(), noInput.toString());
    assertTrue(noInput.err().startsWith("error: Missing required option: '--input=FILE.csv'"), noInput.toString());
  }

  @Test
  void badDataIsAnErrorNamingTheFileAndPlace() throws IOException {
    Path wide = Cli.write(dir, "wide.csv", "1,2,3,0\n4,5,6,1\n");
    Cli.Run run = Cli.run("train", net, "--data", wide, "--save", dir.resolve("x.netc"));
    assertEquals(1, run.status(), run.toString());
    assertEquals("error: " + wide + " has 3 input columns besides the label but network Blobs takes [2] (2 values)"
        + " per example\n", run.err());
    assertFalse(Files.exists(dir.resolve("x.netc")));

    Path typo = Cli.write(dir, "typo.csv", "0.1,0.2,0\n0.3,o.4,1\n");
    Cli.Run typoRun = Cli.run("eval", model, "--net", net, "--data", typo);
    assertEquals(1, typoRun.status(), typoRun.toString());
    assertEquals("error: " + typo + ": line 2, column 2: not a number: 'o.4'\n", typoRun.err());

    Path label = Cli.write(dir, "label.csv", "0.1,0.2,0\n0.3,0.4,2\n");
    Cli.Run labelRun = Cli.run("eval", model, "--net", net, "--data", label);
    assertEquals(1, labelRun.status(), labelRun.toString());
    assertEquals("error: " + label + ": line 2: label 2.0 is not a class in [0, 2)\n", labelRun.err());

    Path short1 = Cli.write(dir, "short.csv", "0.1,0.2\n0.3\n");
    Cli.Run shortRun = Cli.run("predict", model, "--net", net, "--input", short1);
    assertEquals(1, shortRun.status(), shortRun.toString());
    assertTrue(shortRun.err().endsWith("error: " + short1 + ", line 2: 1 values, but network Blobs takes 2 per example\n"),
        shortRun.toString());
  }

  @Test
  void weightsOfAnotherNetworkAreRefused() throws IOException {
    Path other = Cli.write(dir, "Other.net", BLOBS.replace("dense(16,", "dense(8,"));
    Cli.Run run = Cli.run("eval", model, "--net", other, "--data", testCsv);
    assertEquals(1, run.status(), run.toString());
    assertEquals("error: " + model + ": parameter layout differs: the file has 82 parameters, network Blobs has 42\n",
        run.err());

    Path idx = Files.createDirectories(dir.resolve("empty-idx"));
    Cli.Run noIdx = Cli.run("eval", model, "--net", net, "--data", idx);
    assertEquals(1, noIdx.status(), noIdx.toString());
    assertTrue(noIdx.err().startsWith("error: " + idx + " has no t10k-images-idx3-ubyte[.gz] and t10k-labels-idx1-ubyte[.gz]"),
        noIdx.toString());
  }
}
