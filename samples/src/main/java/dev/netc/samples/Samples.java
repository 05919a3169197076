package dev.netc.samples;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.data.ImageAugmentation;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainerBuilder;
import dev.netc.samples.autoencoder.FashionAutoencoderMain;
import dev.netc.samples.rnn.CharRnnMain;
import dev.netc.samples.torch.FashionCnnTorchMain;
import dev.netc.samples.rnn.FashionBiGruMain;
import dev.netc.samples.rnn.FashionRnnMain;
import dev.netc.samples.training.EnsembleFashionMlp;
import dev.netc.samples.training.RegularizedFashionMlp;
import dev.netc.samples.transformer.CharTransformerMain;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line entry to the samples, named as in {@link #NAMES}: {@code -Dsample=NAME} of the
 * samples' {@code run} profile lands here. {@code xor}, {@code fashion-mlp}, {@code fashion-cnn},
 * {@code fashion-cnn-bn} and {@code fashion-resnet} take the options {@code
 * --data DIR} (full Fashion-MNIST), {@code --epochs N}, {@code --batch N}, {@code --seed N},
 * {@code --limit N} (the first N training images), {@code --save FILE}, {@code --validation
 * FRACTION} and {@code --threads N} (a team of N
 * threads shares the large matrix products, see docs/deployment.md); the other samples have mains
 * with options of their own, which get the arguments after the name.
 */
public final class Samples {
  private Samples() {}

  /** Per-epoch learning-rate factor of the fashion-mlp sample. */
  static final double LR_DECAY = 0.8;

  /** Every sample, by the name {@code -Dsample=NAME} takes; the samples pom checks against it. */
  static final List<String> NAMES = List.of("fashion-mlp", "xor", "fashion-cnn", "fashion-cnn-bn",
      "fashion-resnet", "fashion-rnn", "fashion-bigru", "char-rnn", "char-transformer", "regularized-fashion-mlp",
      "ensemble-fashion-mlp", "fashion-autoencoder", "fashion-cnn-torch");

  /** A sample's own main. */
  @FunctionalInterface
  private interface Main {
    void run(String[] args) throws Exception;
  }

  /** The samples with options of their own, run by their own mains. */
  private static final Map<String, Main> OWN_MAINS = Map.of(
      "fashion-rnn", FashionRnnMain::main,
      "fashion-bigru", FashionBiGruMain::main,
      "char-rnn", CharRnnMain::main,
      "char-transformer", CharTransformerMain::main,
      "regularized-fashion-mlp", RegularizedFashionMlp::main,
      "ensemble-fashion-mlp", EnsembleFashionMlp::main,
      "fashion-autoencoder", FashionAutoencoderMain::main,
      "fashion-cnn-torch", FashionCnnTorchMain::main);

  public static void main(String[] args) throws Exception {
    int status = run(args, System.err);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Runs the sample {@code args[0]} with the remaining arguments; returns the process status, 2
   * after printing what is wrong with the command line to {@code err}.
   */
  static int run(String[] args, PrintStream err) throws Exception {
    if (args.length > 0 && !NAMES.contains(args[0])) {
      err.println(unknownSample(args[0]));
      return 2;
    }
    if (args.length > 0 && OWN_MAINS.containsKey(args[0])) {
      OWN_MAINS.get(args[0]).run(Arrays.copyOfRange(args, 1, args.length));
      return 0;
    }
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.println(Options.USAGE);
      return 2;
    }
    if (options.sample().equals("xor")) {
      xor(options);
    } else {
      classifier(options);
    }
    return 0;
  }

  /**
   * Trains the Fashion-MNIST classifier {@code args[0]} (one of {@link AccuracyTarget#ALL}) with
   * its recipe and the options after the name, and returns its test accuracy: the entry of the
   * accuracy table ({@code benchmarks/accuracy.sh}) and of the quick floors ({@code
   * QuickAccuracyTest}).
   */
  static double trainClassifier(String... args) throws Exception {
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    return switch (args[0]) {
      case "fashion-rnn" -> FashionRnnMain.train(rest);
      case "fashion-bigru" -> FashionBiGruMain.train(rest);
      case "fashion-mlp", "fashion-cnn", "fashion-cnn-bn", "fashion-resnet" -> classifier(Options.parse(args));
      default -> throw new IllegalArgumentException("'" + args[0] + "' is no Fashion-MNIST classifier sample");
    };
  }

  private static double classifier(Options options) throws Exception {
    return switch (options.sample()) {
      case "fashion-cnn" -> fashion(new FashionCnn(), options);
      case "fashion-cnn-bn" -> fashion(new FashionCnnBn(), options);
      case "fashion-resnet" -> fashion(new FashionResnet(), options);
      default -> fashionMlp(options);
    };
  }

  /** The one line for a name that is no sample: it lists the names. */
  static String unknownSample(String name) {
    return "unknown sample '" + name + "'; the samples are " + String.join(", ", NAMES);
  }

  /** Trains XOR and prints the four predictions; returns how many are right. */
  static int xor(Options options) {
    Xor model = new Xor();
    long seed = options.seed() != null ? options.seed() : model.trainingSpec().seed();
    model.initialize(seed);
    float[] x = {0, 0, 0, 1, 1, 0, 1, 1};
    float[] y = {0, 1, 1, 0};
    Trainer trainer = Trainer.builder(model).seed(seed).epochs(options.epochs(model.trainingSpec().epochs()))
        .build();
    History history = trainer.fit(Dataset.of(x, y, 2, 1));
    int correct = 0;
    for (int i = 0; i < 4; i++) {
      float p = model.predict(new float[] {x[2 * i], x[2 * i + 1]})[0];
      boolean right = (p > 0.5f) == (y[i] > 0.5f);
      correct += right ? 1 : 0;
      System.out.printf(Locale.ROOT, "xor(%d, %d) = %.3f %s%n", (int) x[2 * i], (int) x[2 * i + 1], p,
          right ? "" : "(wrong)");
    }
    System.out.printf(Locale.ROOT, "final loss %.5f; %d/4 correct%n", history.last().trainLoss(), correct);
    return correct;
  }

  /** Trains FashionMlp and prints the test accuracy; returns it. */
  static double fashionMlp(Options options) throws Exception {
    return fashion(new FashionMlp(), options);
  }

  /**
   * Trains a Fashion-MNIST network (its input is 784 floats, as [28, 28] or [1, 28, 28]: the same
   * memory) and prints the test accuracy; returns it.
   */
  static double fashion(Model model, Options options) throws Exception {
    FashionMnist.Data data = FashionMnist.load(options.data());
    Dataset train = data.train();
    if (options.limit() != null && options.limit() < train.size()) {
      train = train.subset(0, options.limit());
    }
    System.out.println("data: " + data.source()
        + (train != data.train() ? ", training on the first " + train.size() : ""));
    System.out.print(model.summary());
    long seed = options.seed() != null ? options.seed() : model.trainingSpec().seed();
    model.initialize(seed);
    TrainerBuilder builder = Trainer.builder(model)
        .seed(seed)
        .epochs(options.epochs(model.trainingSpec().epochs()))
        .batchSize(options.batch(model.trainingSpec().batchSize()))
        .log(System.out)
        .threads(options.threads())
        // step the learning rate down each epoch: late epochs refine instead of bouncing around
        .listener((epoch, t) -> t.optimizer().setLearningRate(t.optimizer().learningRate() * options.decay()));
    if (options.validation() > 0) {
      builder.validationSplit(options.validation());
    }
    if (options.shift() > 0 || options.flip()) {
      // seeded random translations of each training image by up to shift pixels, and mirror images
      builder.augmentation(new ImageAugmentation(1, 28, 28, options.shift(), options.flip(), 0));
    }
    Trainer trainer = builder.build();
    History history = trainer.fit(train);
    Evaluation test = Trainer.evaluate(model, data.test(), 256);
    double seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
    System.out.printf(Locale.ROOT, "test accuracy %.4f (loss %.4f) on %d images after %d epochs, %.1f s/epoch%n",
        test.accuracy(), test.loss(), test.count(), history.size(), seconds / history.size());
    if (options.save() != null) {
      Path file = options.save();
      if (file.toAbsolutePath().getParent() != null) {
        Files.createDirectories(file.toAbsolutePath().getParent());
      }
      ModelFile.save(model, file);
      System.out.println("saved " + file);
    }
    return test.accuracy();
  }

  /** Parsed command line. */
  record Options(
      String sample, Path data, Integer epochs, Integer batch, Long seed, Integer limit, Path save,
      double validation, int threads, double decay, int shift, boolean flip) {
    static final String USAGE = "usage: Samples xor|fashion-mlp|fashion-cnn|fashion-cnn-bn|fashion-resnet [--data DIR|embedded] [--epochs N] [--batch N] "
        + "[--seed N] [--limit N (train on the first N images)] [--save FILE] [--validation FRACTION (0 trains on every training image)] [--threads N] [--decay FACTOR (learning rate x FACTOR after each epoch)] "
        + "[--shift PIXELS (random shifts of the training images)] [--flip true|false (random mirror images)]; "
        + "defaults: each sample's recipe (" + Recipe.describeAll() + ")";

    int epochs(int declared) {
      return epochs != null ? epochs : declared > 0 ? declared : Trainer.DEFAULT_EPOCHS;
    }

    int batch(int declared) {
      return batch != null ? batch : declared > 0 ? declared : Trainer.DEFAULT_BATCH_SIZE;
    }

    static Options parse(String[] args) {
      if (args.length == 0) {
        throw new IllegalArgumentException("name a sample: " + String.join(", ", NAMES));
      }
      String sample = args[0];
      Path data = null;
      Integer epochs = null;
      Integer batch = null;
      Long seed = null;
      Integer limit = null;
      Path save = null;
      Recipe recipe = Recipe.of(sample);
      double validation = recipe.validation();
      int threads = recipe.threads();
      double decay = recipe.decay();
      int shift = recipe.shift();
      boolean flip = recipe.flip();
      for (int i = 1; i < args.length; i++) {
        String flag = args[i];
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = args[++i];
        try {
          switch (flag) {
            case "--data" -> data = Path.of(value);
            case "--epochs" -> epochs = positive(flag, Integer.parseInt(value));
            case "--batch" -> batch = positive(flag, Integer.parseInt(value));
            case "--seed" -> seed = Long.parseLong(value);
            case "--limit" -> limit = positive(flag, Integer.parseInt(value));
            case "--save" -> save = Path.of(value);
            case "--validation" -> validation = fraction(flag, Double.parseDouble(value));
            case "--threads" -> threads = positive(flag, Integer.parseInt(value));
            case "--decay" -> decay = decayFactor(flag, Double.parseDouble(value));
            case "--shift" -> shift = Integer.parseInt(value);
            case "--flip" -> flip = bool(flag, value);
            default -> throw new IllegalArgumentException("unknown option " + flag);
          }
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + " expects a number, got '" + value + "'");
        }
      }
      if (shift < 0 || shift > 8) {
        throw new IllegalArgumentException("--shift must be in [0, 8]");
      }
      return new Options(sample, data, epochs, batch, seed, limit, save, validation, threads, decay, shift, flip);
    }

    private static boolean bool(String flag, String v) {
      if (!v.equals("true") && !v.equals("false")) {
        throw new IllegalArgumentException(flag + " expects true or false, got '" + v + "'");
      }
      return v.equals("true");
    }

    private static double decayFactor(String flag, double v) {
      if (!(v > 0 && v <= 1)) {
        throw new IllegalArgumentException(flag + " must be in (0, 1]");
      }
      return v;
    }

    private static double fraction(String flag, double v) {
      if (!(v >= 0 && v < 1)) {
        throw new IllegalArgumentException(flag + " must be in [0, 1)");
      }
      return v;
    }

    private static int positive(String flag, int v) {
      if (v < 1) {
        throw new IllegalArgumentException(flag + " must be at least 1");
      }
      return v;
    }
  }
}
