package dev.netc.codegen.mutation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The registry of planted bugs: every {@link MutationCase} {@link MutationTest} runs in generated
 * code and every {@link OptimizerMutationCase} {@link OptimizerMutationTest} runs in the runtime's
 * optimizers; what {@code CatalogueCoverageTest} counts as mutation coverage.
 */
public final class MutationCases {
  private MutationCases() {}

  /** Every case, in family order; ids are unique. */
  public static List<MutationCase> all() {
    List<MutationCase> all = new ArrayList<>();
    all.addAll(LayerMutations.cases());
    all.addAll(ElementwiseMutations.cases());
    Set<String> ids = new HashSet<>();
    for (MutationCase c : all) {
      if (!ids.add(c.id())) {
        throw new IllegalStateException("two mutation cases are called " + c.id());
      }
    }
    return List.copyOf(all);
  }

  /** Every planted bug in the runtime's optimizers (runtime code, not generated). */
  public static List<OptimizerMutationCase> optimizers() {
    return OptimizerMutations.cases();
  }
}
