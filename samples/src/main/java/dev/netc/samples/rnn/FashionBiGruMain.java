package dev.netc.samples.rnn;

import dev.netc.samples.FashionBiGru;

/**
 * fashion-bigru: a bidirectional GRU over the 28 rows of each Fashion-MNIST image
 * (FashionBiGru.net), the final states of both directions concatenated before the classifier;
 * trained as fashion-rnn, with its options ({@link FashionRnnMain}).
 *
 * <pre>
 * java -cp ... dev.netc.samples.rnn.FashionBiGruMain [--data DIR|embedded] [--epochs N] [--batch N]
 *     [--limit N] [--decay F] [--seed N] [--save FILE]
 * </pre>
 */
public final class FashionBiGruMain {
  private FashionBiGruMain() {}

  public static void main(String[] args) throws Exception {
    train(args);
  }

  /** Trains fashion-bigru as the options say; returns its test accuracy. */
  public static double train(String[] args) throws Exception {
    return FashionRnnMain.run("fashion-bigru", new FashionBiGru(), args);
  }
}
