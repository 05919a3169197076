package dev.netc.codegen.mutation;

import dev.netc.codegen.plan.KernelPolicy;
import java.util.List;
import java.util.Objects;

/**
 * One realistic bug planted in generated source: inside method {@code method} of the class netc
 * generates for {@code network}, every occurrence of {@code pattern} becomes {@code replacement}.
 * {@link MutationTest} checks that the pattern is there, that the unmutated network passes the
 * finite-difference check and that the mutant fails it by a wide margin.
 *
 * @param id a short name, unique among the cases
 * @param family the op family the table in docs/testing.md groups it under
 * @param targets the catalogue ops or losses whose emitted code is mutated (their names as the DSL
 *     writes them); {@link MutationTest} checks that the network really uses each of them
 * @param network the `.net` source, one network
 * @param kernels the kernel policy the network is generated with (the pattern may be kernel-specific)
 * @param method the generated method the mutation is confined to, such as {@code conv2d1Backward}
 * @param pattern the correct code, as generated
 * @param replacement the buggy code
 * @param why what the bug is and why it is one a hand-written kernel could have
 * @param data how inputs and targets are drawn for the check
 */
public record MutationCase(String id, String family, List<String> targets, String network,
    KernelPolicy kernels, String method, String pattern, String replacement, String why, Data data) {

  /** How the finite-difference check draws inputs and targets. */
  public enum Data {
    /** Inputs with |x| in [0.2, 1.5], Gaussian targets (mse, l1, huber). */
    REAL,
    /** One class per row of the last axis (softmax cross-entropy). */
    ONE_HOT,
    /** A probability distribution per row of the last axis (kl_divergence). */
    DISTRIBUTION,
    /** Targets in [0, 1] (binary cross-entropy). */
    PROBABILITY,
    /** Token ids in [0, 5) for an {@code int} input, Gaussian targets. */
    TOKENS
  }

  public MutationCase {
    Objects.requireNonNull(id);
    targets = List.copyOf(targets);
    if (pattern.equals(replacement)) {
      throw new IllegalArgumentException(id + ": the replacement equals the pattern");
    }
  }

  @Override
  public String toString() {
    return family + ": " + id;
  }

  /** Starts a case; every setter below returns a copy. */
  static Builder mutant(String id) {
    return new Builder(id);
  }

  /** Builds a {@link MutationCase} in the order the registry reads best. */
  static final class Builder {
    private final String id;
    private String family;
    private List<String> targets;
    private String network;
    private KernelPolicy kernels = KernelPolicy.AUTO;
    private String method;
    private String pattern;
    private String replacement;
    private Data data = Data.REAL;

    private Builder(String id) {
      this.id = id;
    }

    Builder of(String family, String... targets) {
      this.family = family;
      this.targets = List.of(targets);
      return this;
    }

    /** The network's body: the lines between {@code network Mutant {} and {@code }}. */
    Builder network(String body) {
      this.network = "network Mutant {\n" + body.strip().indent(2) + "}\n";
      return this;
    }

    Builder kernels(KernelPolicy kernels) {
      this.kernels = kernels;
      return this;
    }

    Builder data(Data data) {
      this.data = data;
      return this;
    }

    Builder in(String method) {
      this.method = method;
      return this;
    }

    Builder replace(String pattern, String replacement) {
      this.pattern = pattern;
      this.replacement = replacement;
      return this;
    }

    MutationCase because(String why) {
      return new MutationCase(id, family, targets, network, kernels, method, pattern, replacement, why, data);
    }
  }
}
