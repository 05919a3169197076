package dev.netc.codegen.mutation;

import java.util.List;

/** Mutants of the runtime's optimizers, checked against their PyTorch fixture. */
final class OptimizerMutations {
  private OptimizerMutations() {}

  static List<OptimizerMutationCase> cases() {
    return List.of(
        new OptimizerMutationCase("sgd momentum not decayed", List.of("sgd", "gd"), "Sgd.java",
            "Math.fma(d, damp, v[i] * mu)", "Math.fma(d, damp, v[i])",
            "dropped factor: the velocity keeps its whole previous value instead of momentum times it",
            List.of("sgd_momentum", "sgd_momentum_dampening", "sgd_nesterov")),
        new OptimizerMutationCase("sgd weight decay sign", List.of("sgd", "gd"), "Sgd.java",
            "Math.fma(p[i], wd, g[i])", "Math.fma(p[i], -wd, g[i])",
            "wrong sign: L2 weight decay adds wd * p to the gradient",
            List.of("sgd_wd")),
        new OptimizerMutationCase("adam second moment of g", List.of("adam", "adamw"), "Adam.java",
            "Math.fma(c2 * g, g, vv[i] * b2)", "Math.fma(c2, g, vv[i] * b2)",
            "dropped factor: the second moment averages g instead of g²",
            List.of("adam", "adam_wd", "adamw")),
        new OptimizerMutationCase("adamw decay skipped", List.of("adamw"), "Adam.java",
            "pi = pi * shrink;", "pi = pi * 1f;",
            "dropped term: AdamW's decoupled decay never shrinks the parameters",
            List.of("adamw")),
        new OptimizerMutationCase("adagrad accumulator overwritten", List.of("adagrad"), "AdaGrad.java",
            "float si = Math.fma(g, g, s[i]);", "float si = g * g;",
            "+= became =: the sum of squared gradients keeps only the last one",
            List.of("adagrad", "adagrad_full")),
        new OptimizerMutationCase("rmsprop centered variance sign", List.of("rmsprop"), "RmsProp.java",
            "Math.fma(-gi, gi, si)", "Math.fma(gi, gi, si)",
            "wrong sign: the centered variance is E[g²] - E[g]²",
            List.of("rmsprop_centered_momentum")),
        new OptimizerMutationCase("rmsprop average not decayed", List.of("rmsprop"), "RmsProp.java",
            "Math.fma(ca * g, g, s[i] * a)", "Math.fma(ca * g, g, s[i])",
            "dropped factor: the running average of g² never decays",
            List.of("rmsprop", "rmsprop_momentum")),
        new OptimizerMutationCase("lbfgs two-loop sign", List.of("lbfgs"), "Lbfgs.java",
            "axpy(al[k] - be, stps[s], d);", "axpy(be - al[k], stps[s], d);",
            "wrong sign in the second loop of the two-loop recursion: the direction is no longer the "
                + "inverse-Hessian estimate times -g",
            List.of()));
  }
}
