package dev.netc.samples.transformer;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.CharTransformer;
import dev.netc.samples.rnn.CharRnnMain;
import dev.netc.samples.rnn.CharRnnMain.Corpus;
import java.util.Locale;
import java.util.Random;

/**
 * A causal Transformer character model (CharTransformer.net: character embedding, learned
 * positional embedding, two pre-norm Transformer blocks from the bundled {@code
 * netc/transformer.net}, next-character logits at every position) on the text and split the char-rnn sample uses (Genesis, KJV; first 90% for training,
 * last 10% held out), so the two held-out losses compare directly. Prints the held-out loss next to
 * the LSTM's and samples text.
 *
 * <pre>
 * java -cp ... dev.netc.samples.transformer.CharTransformerMain [--epochs N] [--stride N] [--chars N]
 *     [--temperature T] [--decay F] [--threads N]
 * </pre>
 */
public final class CharTransformerMain {
  private CharTransformerMain() {}

  /** The char-rnn sample's held-out loss (BENCHMARKS.md), printed beside this one. */
  static final double LSTM_HELD_OUT = 1.4758;

  /**
   * Runs the sample.
   *
   * @param args the options above
   * @throws Exception when the text cannot be read
   */
  public static void main(String[] args) throws Exception {
    Integer epochs = null;
    int stride = 32; // windows of 64 every 32 characters: each character is read twice an epoch
    int chars = 600;
    double temperature = 0.7;
    double decay = 0.85;
    int threads = 1;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String v = args[i + 1];
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--stride" -> stride = Integer.parseInt(v);
        case "--chars" -> chars = Integer.parseInt(v);
        case "--temperature" -> temperature = Double.parseDouble(v);
        case "--decay" -> decay = Double.parseDouble(v);
        case "--threads" -> threads = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Corpus corpus = CharRnnMain.load();
    CharTransformer model = new CharTransformer();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    if (corpus.alphabet().length() > vocab) {
      throw new IllegalStateException("the text has " + corpus.alphabet().length()
          + " distinct characters; CharTransformer.net has vocab " + vocab);
    }
    int split = corpus.text().length() * 9 / 10;
    Dataset train = CharRnnMain.windows(corpus, 0, split, steps, vocab, stride);
    Dataset test = CharRnnMain.windows(corpus, split, corpus.text().length(), steps, vocab, steps);
    System.out.printf(Locale.ROOT, "text: Genesis (KJV), %d characters, %d distinct; %d training windows of %d,"
        + " %d held-out%n", corpus.text().length(), corpus.alphabet().length(), train.size(), steps, test.size());
    System.out.print(model.summary());
    long seed = model.trainingSpec().seed();
    model.initialize(seed);
    double factor = decay;
    Trainer trainer = Trainer.builder(model)
        .seed(seed)
        .epochs(epochs != null ? epochs : model.trainingSpec().epochs())
        .batchSize(model.trainingSpec().batchSize())
        .threads(threads)
        .log(System.out)
        .listener((e, t) -> t.optimizer().setLearningRate(t.optimizer().learningRate() * factor))
        .build();
    History history = trainer.fit(train);
    Evaluation held = Trainer.evaluate(model, test, 256);
    double seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
    System.out.printf(Locale.ROOT, "char-transformer: held-out loss %.4f nats/char (%.2f bits/char) vs the LSTM's"
        + " %.4f; %d epochs, %.1f s/epoch, %.0f s in all%n", held.loss(), held.loss() / Math.log(2), LSTM_HELD_OUT,
        history.size(), seconds / history.size(), seconds);
    System.out.println("sample (temperature " + temperature + ", prompt in brackets):");
    System.out.println(CharRnnMain.sample(model, corpus, "And God said unto Abraham, ", chars, temperature,
        new Random(seed)));
  }
}
