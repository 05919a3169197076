package dev.netc.samples.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.CharRnn;
import dev.netc.samples.FashionBiGru;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quick checks of the recurrent samples: data preparation, and that a little training learns. */
class RnnSamplesTest {

  @Test
  void charCorpusWindowsAndUnigram() throws Exception {
    CharRnnMain.Corpus corpus = CharRnnMain.load();
    CharRnn model = new CharRnn();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    assertTrue(corpus.text().length() > 150_000);
    assertTrue(corpus.alphabet().length() <= vocab, corpus.alphabet());
    Dataset d = CharRnnMain.windows(corpus, 0, 1000, steps, vocab, 16);
    assertEquals(steps, d.inputSize());
    assertEquals(steps * vocab, d.targetSize());
    // window 1 starts 16 characters in; its targets are its inputs shifted by one
    float[] x = d.inputs();
    float[] y = d.targets();
    for (int t = 0; t < steps - 1; t++) {
      assertEquals(1f, y[(steps + t) * vocab + (int) x[steps + t + 1]]);
    }
    double unigram = CharRnnMain.unigramLoss(corpus, vocab, 0, 150_000, 150_000, corpus.text().length());
    assertTrue(unigram > 2.5 && unigram < 3.5, "unigram loss " + unigram);
  }

  @Test
  void charModelLearnsAndSamples() throws Exception {
    CharRnnMain.Corpus corpus = CharRnnMain.load();
    CharRnn model = new CharRnn();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    Dataset train = CharRnnMain.windows(corpus, 0, 12_000, steps, vocab, 32);
    model.initialize(1);
    History h = Trainer.builder(model).epochs(2).batchSize(32).seed(1).build().fit(train);
    double first = h.epochs().get(0).trainLoss();
    double last = h.epochs().get(h.size() - 1).trainLoss();
    assertTrue(last < first && last < Math.log(vocab), "loss " + first + " -> " + last);
    String text = CharRnnMain.sample(model, corpus, "And ", 40, 0.7, new Random(1));
    assertEquals("[And ]".length() + 40, text.length());
  }

  @Test
  void fashionBiGruConcatenatesTheFinalStatesOfBothDirections() {
    // that both recurrent samples learn, through their recipes, is QuickAccuracyTest's floor
    FashionBiGru model = new FashionBiGru();
    assertEquals(256, model.parameterInfo().stream().filter(p -> p.layer().equals("dense_1")).findFirst()
        .orElseThrow().shape()[0]);
  }
}
