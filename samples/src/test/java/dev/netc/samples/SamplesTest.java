package dev.netc.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.Trainer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The samples train for real, on the generated classes the Maven plugin produced in this build. */
class SamplesTest {

  @Test
  void xorLearnsAllFourCases() {
    assertEquals(4, Samples.xor(Samples.Options.parse(new String[] {"xor"})));
  }

  @Test
  void embeddedSubsetHasTheDocumentedSize() throws Exception {
    FashionMnist.Data data = FashionMnist.embedded();
    assertEquals(10_000, data.train().size());
    assertEquals(2_000, data.test().size());
    assertEquals(784, data.train().inputSize());
  }

  @Test
  void fashionMlpLearnsFromTheEmbeddedSubsetInOneEpoch(@TempDir Path dir) throws Exception {
    FashionMnist.Data data = FashionMnist.embedded();
    FashionMlp model = new FashionMlp();
    model.initialize(42);
    Evaluation before = Trainer.evaluate(model, data.test(), 256);
    Trainer.builder(model).seed(42).epochs(1).build().fit(data.train());
    Evaluation after = Trainer.evaluate(model, data.test(), 256);
    // one epoch on 10k images: far above chance (0.1) and what it started from
    assertTrue(after.accuracy() > 0.75, "accuracy " + after.accuracy());
    assertTrue(after.loss() < before.loss());

    // a saved model predicts exactly like the one it came from
    Path file = dir.resolve("fashion.netc");
    ModelFile.save(model, file);
    FashionMlp loaded = new FashionMlp();
    ModelFile.load(loaded, file);
    float[] image = new float[784];
    System.arraycopy(data.test().inputs(), 0, image, 0, 784);
    assertArrayEquals(model.predict(image), loaded.predict(image));
    assertEquals(Trainer.evaluate(model, data.test(), 64).accuracy(),
        Trainer.evaluate(loaded, data.test(), 64).accuracy());
  }

  @Test
  void anUnknownSampleGetsOneLineListingTheSamples() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int status = Samples.run(new String[] {"fashion-rnm"}, new PrintStream(err, true, UTF_8));

    assertEquals(2, status);
    assertEquals("unknown sample 'fashion-rnm'; the samples are fashion-mlp, xor, fashion-cnn,"
        + " fashion-cnn-bn, fashion-resnet, fashion-rnn, fashion-bigru, char-rnn, char-transformer, regularized-fashion-mlp, ensemble-fashion-mlp,"
        + " fashion-autoencoder, fashion-cnn-torch\n",
        err.toString(UTF_8));
  }

  @Test
  void samplesWithMainsOfTheirOwnRunThroughTheirName() {
    // an unknown option reaches each sample's own main, which rejects it in its own words
    for (String name : List.of("fashion-rnn", "fashion-bigru", "char-rnn", "char-transformer", "regularized-fashion-mlp", "ensemble-fashion-mlp",
        "fashion-autoencoder", "fashion-cnn-torch")) {
      IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
          IllegalArgumentException.class,
          () -> Samples.run(new String[] {name, "--bogus", "1"}, System.err), name);
      assertTrue(e.getMessage().contains("--bogus") || e.getMessage().startsWith("usage: "),
          name + ": " + e.getMessage());
    }
  }

  @Test
  void theRunProfileAcceptsExactlyTheSamples() throws Exception {
    String pom = Files.readString(Path.of("pom.xml"));
    Matcher regex = Pattern.compile("<regex>([^<]*)</regex>").matcher(pom);
    Matcher message = Pattern.compile("<regexMessage>([^<]*)</regexMessage>").matcher(pom);
    assertTrue(regex.find() && message.find(), "the run profile checks -Dsample");
    assertEquals(String.join("|", Samples.NAMES), regex.group(1));
    assertEquals(Samples.unknownSample("${sample}"), message.group(1));
  }

  @Test
  void badCommandLinesAreRejectedWithAReason() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Samples.Options.parse(new String[] {"xor", "--epochs", "x"}));
    assertEquals("--epochs expects a number, got 'x'", e.getMessage());
  }

  @Test
  void fashionResnetDefaultsToItsMeasuredRecipeAndOptionsOverrideIt() {
    Samples.Options recipe = Samples.Options.parse(new String[] {"fashion-resnet"});
    assertEquals(List.of(0.0, 2, 0.9, 1, true),
        List.of(recipe.validation(), recipe.threads(), recipe.decay(), recipe.shift(), recipe.flip()));
    Samples.Options overridden = Samples.Options.parse(
        new String[] {"fashion-resnet", "--flip", "false", "--threads", "1", "--decay", "0.8"});
    assertEquals(List.of(0.0, 1, 0.8, 1, false), List.of(overridden.validation(), overridden.threads(),
        overridden.decay(), overridden.shift(), overridden.flip()));
    Samples.Options mlp = Samples.Options.parse(new String[] {"fashion-mlp"});
    assertEquals(List.of(0.1, 1, Samples.LR_DECAY, 0, false),
        List.of(mlp.validation(), mlp.threads(), mlp.decay(), mlp.shift(), mlp.flip()));
  }

  @Test
  void theConvolutionalSamplesDefaultToTheirHeadlineRecipes() {
    // -Dsample=NAME alone is the accuracy table's recipe: every image, 1-pixel shifts, the decay
    // measured for the epochs of the training block
    Samples.Options cnn = Samples.Options.parse(new String[] {"fashion-cnn"});
    assertEquals(List.of(0.0, 1, 0.85, 1, false),
        List.of(cnn.validation(), cnn.threads(), cnn.decay(), cnn.shift(), cnn.flip()));
    assertEquals(15, new FashionCnn().trainingSpec().epochs());
    Samples.Options bn = Samples.Options.parse(new String[] {"fashion-cnn-bn"});
    assertEquals(List.of(0.0, 1, 0.92, 1, false),
        List.of(bn.validation(), bn.threads(), bn.decay(), bn.shift(), bn.flip()));
    assertEquals(30, new FashionCnnBn().trainingSpec().epochs());
  }

  @Test
  void limitTakesThePositiveNumberOfTrainingImages() {
    assertEquals(3000, Samples.Options.parse(new String[] {"fashion-cnn", "--limit", "3000"}).limit());
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
        IllegalArgumentException.class, () -> Samples.Options.parse(new String[] {"fashion-cnn", "--limit", "0"}));
    assertEquals("--limit must be at least 1", e.getMessage());
  }
}
