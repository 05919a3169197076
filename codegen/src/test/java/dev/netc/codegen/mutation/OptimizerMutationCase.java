package dev.netc.codegen.mutation;

import java.util.List;

/**
 * A realistic bug planted in an optimizer of {@code dev.netc.runtime.optim}: every occurrence of
 * {@code pattern} in the source file {@code file} becomes {@code replacement}, in a copy of the
 * package compiled in memory ({@link RuntimeSources}). {@link OptimizerMutationTest} replays the
 * PyTorch fixture cases {@code fixtureCases} of the runtime's {@code fixtures/optimizers.csv}
 * through the copy; with no fixture cases (L-BFGS, whose steps have no fixture) it runs the
 * optimizer on a quadratic whose minimizer is known.
 *
 * @param id a short name, unique among the cases
 * @param targets the optimizer names ({@code Optimizers.names()}) built from {@code file}'s class
 * @param file the source file, such as {@code Sgd.java}
 * @param pattern the correct code
 * @param replacement the buggy code
 * @param why what the bug is
 * @param fixtureCases the fixture case ids whose five steps must catch it; empty for the quadratic
 */
public record OptimizerMutationCase(String id, List<String> targets, String file, String pattern,
    String replacement, String why, List<String> fixtureCases) {

  public OptimizerMutationCase {
    targets = List.copyOf(targets);
    fixtureCases = List.copyOf(fixtureCases);
  }

  @Override
  public String toString() {
    return "optimizer: " + id;
  }
}
