package dev.netc.consumer;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.kernels.Gemm;
import dev.netc.runtime.train.History;
import dev.netc.runtime.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Trains the two XOR models netc generated into this module (one from Xor.net, one from the
 * annotated XorNet), saves and reloads each, and prints what the test checks.
 */
public final class Main {
  private static final float[] X = {0, 0, 0, 1, 1, 0, 1, 1};
  private static final float[] Y = {0, 1, 1, 0};

  public static void main(String[] args) throws Exception {
    System.out.println("consumer module: " + Main.class.getModule().getName());
    System.out.println("runtime module: " + GeneratedModel.class.getModule().getName());
    System.out.println("simd kernels: " + Gemm.simd());
    run("Xor", Xor::new);
    run("XorNetModel", XorNetModel::new);
  }

  private static void run(String name, Supplier<GeneratedModel> factory) throws Exception {
    GeneratedModel model = factory.get();
    long seed = model.trainingSpec().seed();
    model.initialize(seed);
    History history = Trainer.builder(model).seed(seed).epochs(model.trainingSpec().epochs())
        .build().fit(Dataset.of(X, Y, 2, 1));
    Path file = Files.createTempFile("xor", ".netc");
    ModelFile.save(model, file);
    GeneratedModel loaded = factory.get();
    ModelFile.load(loaded, file);
    Files.delete(file);

    StringBuilder predictions = new StringBuilder();
    int correct = 0;
    boolean sameAfterLoad = true;
    for (int i = 0; i < 4; i++) {
      float[] in = {X[2 * i], X[2 * i + 1]};
      float p = model.predict(in)[0];
      correct += (p > 0.5f) == (Y[i] > 0.5f) ? 1 : 0;
      sameAfterLoad &= Arrays.equals(model.predict(in), loaded.predict(in));
      predictions.append(String.format(Locale.ROOT, " %.4f", p));
    }
    System.out.printf(Locale.ROOT, "%s (module %s): predictions%s; %d/4 correct; final loss %.5f;"
            + " reloaded from file: %s%n", name, model.getClass().getModule().getName(),
        predictions, correct, history.last().trainLoss(), sameAfterLoad ? "same" : "DIFFERENT");
  }
}
