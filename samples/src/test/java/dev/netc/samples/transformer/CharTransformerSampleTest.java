package dev.netc.samples.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import dev.netc.samples.CharTransformer;
import dev.netc.samples.rnn.CharRnnMain;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Quick checks of the char-transformer sample: its network comes from the bundled Transformer
 * block (attention, layer norms and residual adds in every block), a little training lowers the
 * loss, and it samples text.
 */
class CharTransformerSampleTest {

  @Test
  void theNetworkIsBuiltFromTheBundledTransformerBlock() {
    CharTransformer model = new CharTransformer();
    List<String> layers = model.parameterInfo().stream().map(ParameterInfo::layer).distinct().toList();
    long attention = model.parameterInfo().stream().filter(p -> p.name().endsWith(".query_weight")).count();
    assertTrue(attention >= 2, "two or more Transformer blocks: " + layers);
    String summary = model.summary();
    assertTrue(summary.contains(" mha 4 heads causal ") && summary.contains(" add "), summary);
    assertEquals(model.inputShape()[0], model.outputShape()[0], "logits at every position");
    assertTrue(layers.stream().anyMatch(l -> l.startsWith("positional_embedding")), "learned positions: " + layers);
  }

  @Test
  void aLittleTrainingLearnsAndSamples() throws Exception {
    CharRnnMain.Corpus corpus = CharRnnMain.load();
    CharTransformer model = new CharTransformer();
    int steps = model.inputShape()[0];
    int vocab = model.outputShape()[1];
    Dataset train = CharRnnMain.windows(corpus, 0, 8_000, steps, vocab, steps);
    model.initialize(1);
    History h = Trainer.builder(model).epochs(3).batchSize(32).seed(1).build().fit(train);
    double first = h.epochs().get(0).trainLoss();
    double last = h.epochs().get(h.size() - 1).trainLoss();
    assertTrue(last < first && last < Math.log(vocab), "loss " + first + " -> " + last);
    String text = CharRnnMain.sample(model, corpus, "And ", 30, 0.7, new Random(1));
    assertEquals("[And ]".length() + 30, text.length());
  }
}
