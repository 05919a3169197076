package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Several models of the same network trained from different seeds, predicting by the average of
 * their outputs: the cheapest reliable accuracy gain, since members make partly independent
 * errors. Averaging raw outputs (logits for softmax networks) is what {@link #forward} does; the
 * ensemble's class is the argmax of that average.
 */
public final class Ensemble {
  private final List<Model> members;

  /**
   * An ensemble of trained models of one network.
   *
   * @param members the models, at least one
   */
  public Ensemble(List<Model> members) {
    if (members.isEmpty()) {
      throw new IllegalArgumentException("an ensemble needs at least one member");
    }
    this.members = List.copyOf(members);
    int in = this.members.get(0).inputSize();
    int out = this.members.get(0).outputSize();
    for (Model m : this.members) {
      if (m.inputSize() != in || m.outputSize() != out) {
        throw new IllegalArgumentException("ensemble members must have the same input and output sizes");
      }
    }
  }

  /**
   * Trains {@code n} models: member {@code i} is created by {@code factory}, initialized with seed
   * {@code seed + i} and trained by the trainer {@code trainer} builds for it (which should use
   * its own seed, e.g. {@code seed + i}, for shuffling and dropout).
   * @param n the number of members
   * @param seed the first member's seed (member i uses seed + i)
   * @param factory creates each member
   * @param trainer builds the trainer of a member, given the model and its seed
   * @param data the training data
   * @return the ensemble
   */
  public static Ensemble train(int n, long seed, Supplier<Model> factory,
      BiFunction<Model, Long, Trainer> trainer, Dataset data) {
    List<Model> ms = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Model m = Objects.requireNonNull(factory.get(), "factory returned null");
      m.initialize(seed + i);
      trainer.apply(m, seed + i).fit(data);
      ms.add(m);
    }
    return new Ensemble(ms);
  }

  /** {@return the members, in order} */
  public List<Model> members() {
    return members;
  }

  /**
   * The average output of the members for {@code batch} examples, into {@code out}.
   * @param in {@code batch * inputSize()} floats
   * @param out receives {@code batch * outputSize()} floats
   * @param batch the number of examples
   */
  public void forward(float[] in, float[] out, int batch) {
    Model first = members.get(0);
    int size = batch * first.outputSize();
    float[] tmp = new float[size];
    java.util.Arrays.fill(out, 0, size, 0f);
    for (Model m : members) {
      m.forward(m.newWorkspace(batch), in, tmp, batch, false);
      for (int i = 0; i < size; i++) {
        out[i] += tmp[i] / members.size();
      }
    }
  }

  /**
   * Accuracy of the averaged prediction on a dataset, on the members' classifier output ({@link
   * Accuracy#classifier}).
   * @param data labelled examples
   * @return the accuracy
   */
  public double accuracy(Dataset data) {
    Model first = members.get(0);
    int n = data.size();
    int b = Math.min(256, n);
    float[] x = new float[b * first.inputSize()];
    float[] y = new float[b * first.targetSize()];
    float[] out = new float[b * first.outputSize()];
    double correct = 0;
    for (int from = 0; from < n; from += b) {
      int count = Math.min(b, n - from);
      data.copyRange(from, count, x, y);
      forward(x, out, count);
      correct += Accuracy.sum(first, out, y, count);
    }
    return correct / n;
  }
}
