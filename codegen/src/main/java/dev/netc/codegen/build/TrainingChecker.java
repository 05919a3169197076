package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;

import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.ArgType;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.Setting;
import dev.netc.dsl.ast.TrainingDecl;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Checks the {@code training { ... }} block. */
final class TrainingChecker {
  private TrainingChecker() {}

  record Result(int batch, int epochs, Long seed) {}

  private static final List<String> SUPPORTED = List.of("batch", "epochs", "seed");

  /** Settings of the design that later versions implement: accepted with a warning. */
  private static final List<String> PLANNED = List.of("regularize", "early_stopping",
      "validation_split", "checkpoint", "lr_schedule", "clip_norm", "clip_value");

  static Result check(TrainingDecl decl, Diagnostics diags) {
    int batch = 0;
    int epochs = 0;
    Long seed = null;
    if (decl == null) {
      return new Result(batch, epochs, seed);
    }
    Set<String> seen = new HashSet<>();
    for (Setting s : decl.settings()) {
      String key = s.key() != null ? s.key() : s.value() instanceof Call c ? c.name() : null;
      if (key == null) {
        diags.error(s.pos(), "expected `name: value;` or a call such as early_stopping(patience: 3)");
        continue;
      }
      if (!seen.add(key)) {
        diags.error(s.pos(), "training setting '" + key + "' given twice");
        continue;
      }
      if (PLANNED.contains(key)) {
        diags.warning(s.pos(), "training setting '" + key + "' is not supported yet and is ignored");
        continue;
      }
      if (!SUPPORTED.contains(key)) {
        List<String> known = new java.util.ArrayList<>(SUPPORTED);
        known.addAll(PLANNED);
        diags.error(s.pos(), "unknown training setting '" + key + "'" + Suggestions.didYouMeanOrList(key, known));
        continue;
      }
      if (s.key() == null) {
        diags.error(s.pos(), "training setting '" + key + "' is written `" + key + ": value;`, not as a call");
        continue;
      }
      long min = key.equals("seed") ? 0 : 1;
      long max = key.equals("seed") ? Long.MAX_VALUE : Integer.MAX_VALUE;
      if (!(s.value() instanceof NumberLit n) || !n.integral() || n.value() < min || n.value() > max) {
        diags.error(s.value().pos(), "training setting '" + key + "' expects "
            + new ArgType.IntType(min, Integer.MAX_VALUE).describe() + ", got " + ArgResolver.show(s.value()));
        continue;
      }
      switch (key) {
        case "batch" -> batch = (int) n.value();
        case "epochs" -> epochs = (int) n.value();
        default -> seed = (long) n.value();
      }
    }
    return new Result(batch, epochs, seed);
  }
}
