package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.Workspace;
import dev.netc.runtime.data.Dataset;
import dev.netc.runtime.optim.Lbfgs;
import dev.netc.runtime.optim.ParameterMask;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Full-batch training with {@link Lbfgs}: every closure evaluation computes the mean loss and
 * gradient over the whole dataset (in chunks of {@code chunk} examples, weighted by size), which
 * is what L-BFGS's curvature estimate needs. For small problems (regression, small classifiers);
 * networks with dropout should use the mini-batch {@link Trainer}, as dropout makes the objective
 * noisy. One "epoch" is one {@link Lbfgs#step(float[], Lbfgs.Closure)}.
 */
public final class LbfgsTrainer {
  private final Model model;
  private final Lbfgs lbfgs;
  private final int chunk;

  /**
   * A trainer evaluating in chunks of 1024 examples.
   *
   * @param model the model to train
   * @param lbfgs the optimizer
   */
  public LbfgsTrainer(Model model, Lbfgs lbfgs) {
    this(model, lbfgs, 1024);
  }

  /**
   * A trainer evaluating in chunks of {@code chunk} examples.
   *
   * @param model the model to train
   * @param lbfgs the optimizer
   * @param chunk the largest batch per evaluation
   */
  public LbfgsTrainer(Model model, Lbfgs lbfgs, int chunk) {
    this.model = Objects.requireNonNull(model, "model");
    this.lbfgs = Objects.requireNonNull(lbfgs, "lbfgs");
    this.chunk = chunk;
    lbfgs.setMask(ParameterMask.of(model));
  }

  /**
   * Runs {@code epochs} L-BFGS steps and returns the loss after each.
   * @param data the training data
   * @param epochs the number of steps
   * @param log receives one line per step, or null
   * @return the loss per step
   */
  public History fit(Dataset data, int epochs, Consumer<String> log) {
    int n = data.size();
    int b = Math.min(chunk, n);
    Workspace ws = model.newWorkspace(b);
    float[] x = new float[b * model.inputSize()];
    float[] y = new float[b * model.targetSize()];
    Lbfgs.Closure closure =
        (params, grads) -> {
          java.util.Arrays.fill(grads, 0);
          double loss = 0;
          for (int from = 0; from < n; from += b) {
            int count = Math.min(b, n - from);
            data.copyRange(from, count, x, y);
            loss += model.computeGradients(ws, x, y, count, false) * count;
            float[] gr = ws.gradients();
            float w = (float) count / n;
            for (int i = 0; i < grads.length; i++) {
              grads[i] += w * gr[i];
            }
          }
          return loss / n;
        };
    History h = new History();
    for (int e = 1; e <= epochs; e++) {
      long start = System.nanoTime();
      lbfgs.step(model.parameters(), closure);
      Evaluation ev = Trainer.evaluate(model, data, b);
      History.Epoch ep = new History.Epoch(e, ev.loss(), ev.accuracy(), Double.NaN, Double.NaN,
          (System.nanoTime() - start) / 1e9);
      h.add(ep);
      if (log != null) {
        log.accept(EpochLog.line(ep, epochs));
      }
    }
    return h;
  }
}
