package dev.netc.samples.rnn;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.Evaluation;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.CharRnn;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;

/**
 * A character-level language model (CharRnn.net: embedding, LSTM over 32 characters, next-character
 * logits at every step) on the Book of Genesis (KJV, public domain, in this jar). Trains for a few
 * minutes, then prints the held-out loss next to a unigram model's (the entropy of the character
 * frequencies, the best a model without context can do) and samples text.
 *
 * <pre>
 * java -cp ... dev.netc.samples.rnn.CharRnnMain [--epochs N] [--stride N] [--chars N] [--temperature T]
 * </pre>
 *
 * Character ids go into the model's float[] input as whole numbers (exact in float below 2^24).
 */
public final class CharRnnMain {
  private CharRnnMain() {}

  static final String TEXT = "/dev/netc/samples/text/genesis-kjv.txt";

  /** The text and its alphabet (sorted distinct characters; id = index). */
  public record Corpus(String text, String alphabet) {
    /** The id of character {@code c}: its index in the alphabet. */
    public int id(char c) {
      return alphabet.indexOf(c);
    }
  }

  /** Genesis (KJV) from this jar, with its alphabet; shared with the char-transformer sample. */
  public static Corpus load() throws IOException {
    try (InputStream in = CharRnnMain.class.getResourceAsStream(TEXT)) {
      if (in == null) {
        throw new IOException(TEXT + " is not on the class path");
      }
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      TreeSet<Character> chars = new TreeSet<>();
      for (char c : text.toCharArray()) {
        chars.add(c);
      }
      StringBuilder a = new StringBuilder();
      chars.forEach(a::append);
      return new Corpus(text, a.toString());
    }
  }

  /** Windows of {@code steps} characters every {@code stride}: inputs ids, targets one-hot next ids. */
  public static Dataset windows(Corpus corpus, int from, int to, int steps, int vocab, int stride) {
    int n = Math.max(0, (to - from - steps - 1) / stride + 1);
    float[] x = new float[n * steps];
    float[] y = new float[n * steps * vocab];
    for (int w = 0; w < n; w++) {
      int start = from + w * stride;
      for (int t = 0; t < steps; t++) {
        x[w * steps + t] = corpus.id(corpus.text().charAt(start + t));
        y[(w * steps + t) * vocab + corpus.id(corpus.text().charAt(start + t + 1))] = 1f;
      }
    }
    return Dataset.of(x, y, steps, steps * vocab);
  }

  /** Cross-entropy (nats per character) of the unigram model fitted on [from, to), measured on [from2, to2). */
  static double unigramLoss(Corpus corpus, int vocab, int from, int to, int from2, int to2) {
    double[] counts = new double[vocab];
    for (int i = from; i < to; i++) {
      counts[corpus.id(corpus.text().charAt(i))]++;
    }
    double total = 0;
    for (int v = 0; v < vocab; v++) {
      counts[v] += 0.5; // add-half smoothing: unseen characters keep a finite loss
      total += counts[v];
    }
    double loss = 0;
    for (int i = from2; i < to2; i++) {
      loss -= Math.log(counts[corpus.id(corpus.text().charAt(i))] / total);
    }
    return loss / (to2 - from2);
  }

  public static void main(String[] args) throws Exception {
    Integer epochs = null;
    int stride = 16;
    int chars = 600;
    double temperature = 0.7;
    for (int i = 0; i < args.length; i += 2) {
      String v = args[i + 1];
      switch (args[i]) {
        case "--epochs" -> epochs = Integer.parseInt(v);
        case "--stride" -> stride = Integer.parseInt(v);
        case "--chars" -> chars = Integer.parseInt(v);
        case "--temperature" -> temperature = Double.parseDouble(v);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    Corpus corpus = load();
    CharRnn model = new CharRnn();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    if (corpus.alphabet().length() > vocab) {
      throw new IllegalStateException("the text has " + corpus.alphabet().length() + " distinct characters; CharRnn.net has vocab " + vocab);
    }
    int split = corpus.text().length() * 9 / 10;
    Dataset train = windows(corpus, 0, split, steps, vocab, stride);
    Dataset test = windows(corpus, split, corpus.text().length(), steps, vocab, steps);
    System.out.printf(Locale.ROOT, "text: Genesis (KJV), %d characters, %d distinct; %d training windows of %d, %d held-out%n",
        corpus.text().length(), corpus.alphabet().length(), train.size(), steps, test.size());
    System.out.print(model.summary());
    long seed = model.trainingSpec().seed();
    model.initialize(seed);
    Trainer trainer = Trainer.builder(model)
        .seed(seed)
        .epochs(epochs != null ? epochs : model.trainingSpec().epochs())
        .batchSize(model.trainingSpec().batchSize())
        .log(System.out)
        .listener((e, t) -> t.optimizer().setLearningRate(t.optimizer().learningRate() * 0.8))
        .build();
    History history = trainer.fit(train);
    Evaluation held = Trainer.evaluate(model, test, 256);
    double unigram = unigramLoss(corpus, vocab, 0, split, split, corpus.text().length());
    double seconds = history.epochs().stream().mapToDouble(History.Epoch::seconds).sum();
    System.out.printf(Locale.ROOT, "char-rnn: held-out loss %.4f nats/char vs unigram %.4f (%.2f vs %.2f bits/char); "
        + "%d epochs, %.1f s/epoch, %.0f s in all%n", held.loss(), unigram, held.loss() / Math.log(2),
        unigram / Math.log(2), history.size(), seconds / history.size(), seconds);
    System.out.println("sample (temperature " + temperature + ", prompt in brackets):");
    System.out.println(sample(model, corpus, "And God said unto Abraham, ", chars, temperature, new Random(seed)));
  }

  /**
   * Generates {@code n} characters after {@code prompt}, feeding the last {@code steps} characters
   * back; any model with {@code int[steps]} input and {@code [steps, vocab]} logits.
   */
  public static String sample(Model model, Corpus corpus, String prompt, int n, double temperature, Random random) {
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    StringBuilder text = new StringBuilder(prompt);
    StringBuilder out = new StringBuilder("[" + prompt + "]");
    float[] in = new float[steps];
    double[] prob = new double[vocab];
    for (int i = 0; i < n; i++) {
      // the last `steps` characters, left-padded with spaces when the text is shorter
      for (int t = 0; t < steps; t++) {
        int k = text.length() - steps + t;
        in[t] = corpus.id(k >= 0 ? text.charAt(k) : ' ');
      }
      float[] logits = model.predict(in);
      int last = (steps - 1) * vocab;
      double max = Double.NEGATIVE_INFINITY;
      for (int v = 0; v < corpus.alphabet().length(); v++) {
        max = Math.max(max, logits[last + v]);
      }
      double sum = 0;
      for (int v = 0; v < corpus.alphabet().length(); v++) {
        prob[v] = Math.exp((logits[last + v] - max) / temperature);
        sum += prob[v];
      }
      double r = random.nextDouble() * sum;
      int pick = 0;
      for (int v = 0; v < corpus.alphabet().length(); v++) {
        r -= prob[v];
        if (r <= 0) {
          pick = v;
          break;
        }
      }
      char c = corpus.alphabet().charAt(pick);
      text.append(c);
      out.append(c);
    }
    return out.toString();
  }
}
