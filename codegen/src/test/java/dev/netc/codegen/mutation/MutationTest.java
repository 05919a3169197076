package dev.netc.codegen.mutation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.mutation.MutationCase.Data;
import dev.netc.codegen.testing.GradCheck;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.codegen.testing.NetworkOps;
import dev.netc.codegen.testing.Nets;
import dev.netc.runtime.Model;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every {@link MutationCases planted bug} is caught: the pattern is in the generated method (a
 * stale pattern fails here instead of silently mutating nothing), the unmutated network passes the
 * finite-difference check of {@link GradCheck} within {@link #TOLERANCE}, and the mutant fails it
 * with an error above {@link #FACTOR} times the tolerance (or crashes).
 *
 * <p>All originals and mutants are compiled by one javac run (each in its own package), which
 * keeps the test near 1 s per case. The per-family table printed at the end is the one in
 * docs/testing.md.
 */
class MutationTest {
  /** The finite-difference tolerance of the gradient-check tests (GradientCheckTest). */
  static final double TOLERANCE = 1e-3;
  /** How far above the tolerance a mutant's error must be. */
  static final double FACTOR = 10;
  static final int BATCH = 3;
  static final double H = 1e-2;

  private static final String CLASS = "Mutant";
  private static Map<String, Prepared> prepared;
  private static final Map<String, Outcome> OUTCOMES = new TreeMap<>();

  /** One case's generated class names, or why it could not be mutated. */
  private record Prepared(String original, String mutant, int occurrences, String problem) {}

  private record Outcome(String family, double before, double after, String note) {}

  static List<MutationCase> cases() {
    return MutationCases.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void mutantFailsTheGradientCheck(MutationCase c) {
    NetworkOps used = NetworkOps.of(c.network());
    for (String target : c.targets()) {
      assertTrue(used.ops().contains(target) || used.losses().contains(target),
          c.id() + ": the network does not use " + target + " (it uses " + used + ")");
    }
    Prepared p = prepare().get(c.id());
    assertTrue(p.problem() == null, c.id() + ": " + p.problem());

    GradCheck.Report before = check(load(p.original()), c.data(), 1);
    assertTrue(before.worst() <= TOLERANCE, c.id() + ": the unmutated network fails the check\n" + before);
    double after;
    String note;
    try {
      GradCheck.Report report = check(load(p.mutant()), c.data(), before.seed());
      after = report.worst();
      note = p.occurrences() + " occurrence(s) replaced";
      assertTrue(after > FACTOR * TOLERANCE, c.id() + ": the mutant (" + c.why() + ") passes the check, error "
          + after + " <= " + FACTOR + " x " + TOLERANCE + "\n" + report);
    } catch (RuntimeException crash) {
      after = Double.POSITIVE_INFINITY;
      note = "mutant throws " + crash;
    }
    synchronized (OUTCOMES) {
      OUTCOMES.put(c.id(), new Outcome(c.family(), before.worst(), after, note));
    }
  }

  @AfterAll
  static void printTable() {
    Map<String, double[]> byFamily = new LinkedHashMap<>();
    OUTCOMES.values().forEach(o -> {
      double[] row = byFamily.computeIfAbsent(o.family(), f -> new double[] {0, 0, Double.POSITIVE_INFINITY});
      row[0]++;
      row[1] = Math.max(row[1], o.before());
      row[2] = Math.min(row[2], o.after());
    });
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "| family | mutants | caught | worst error before | smallest error after |%n|---|---|---|---|---|%n"));
    byFamily.forEach((f, r) -> s.append(String.format(Locale.ROOT, "| %s | %d | %d | %.1e | %.1e |%n",
        f, (int) r[0], (int) r[0], r[1], r[2])));
    s.append(String.format(Locale.ROOT, "%nper case:%n"));
    OUTCOMES.forEach((id, o) -> s.append(String.format(Locale.ROOT, "  %-12s %-48s before %.1e after %.1e (%s)%n",
        o.family(), id, o.before(), o.after(), o.note())));
    System.out.print(s);
  }

  /** Generates every case's network, plants its bug and compiles all classes in one javac run. */
  private static synchronized Map<String, Prepared> prepare() {
    if (prepared != null) {
      return prepared;
    }
    Map<String, Prepared> result = new LinkedHashMap<>();
    Map<String, String> sources = new LinkedHashMap<>();
    Map<String, String> originals = new HashMap<>();
    int n = 0;
    for (MutationCase c : MutationCases.all()) {
      String pkg = "test.mutation.c" + n++;
      CompileResult r = Nets.generate(CLASS + ".net", c.network(), ImportResolver.NONE, c.kernels());
      String code = r.sources().get(0).code().replace("package " + Nets.PACKAGE + ";", "package " + pkg + ";");
      if (!r.sources().get(0).qualifiedName().equals(Nets.PACKAGE + "." + CLASS)) {
        throw new IllegalStateException(c.id() + ": generated " + r.sources().get(0).qualifiedName());
      }
      String mutant = pkg + ".mutant." + CLASS;
      Mutated m = mutate(code, c);
      if (m.problem() != null) {
        result.put(c.id(), new Prepared(null, null, 0, m.problem()));
        continue;
      }
      // cases on the same network share its unmutated class (javac dominates the run time)
      String original = originals.computeIfAbsent(c.kernels() + "\n" + c.network(), k -> {
        sources.put(pkg + ".original." + CLASS, code.replace("package " + pkg + ";", "package " + pkg + ".original;"));
        return pkg + ".original." + CLASS;
      });
      sources.put(mutant, m.code().replace("package " + pkg + ";", "package " + pkg + ".mutant;"));
      result.put(c.id(), new Prepared(original, mutant, m.occurrences(), null));
    }
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(sources);
    loader = compiled;
    prepared = result;
    return prepared;
  }

  private static InMemoryJavac.Compiled loader;

  private record Mutated(String code, int occurrences, String problem) {}

  /** Replaces the pattern inside the case's method only; a missing method or pattern is a problem. */
  static Mutated mutate(String code, MutationCase c) {
    Matcher head = Pattern.compile("(?m)^  (private|protected|public)[^\\n(]*\\b" + Pattern.quote(c.method()) + "\\(")
        .matcher(code);
    if (!head.find()) {
      return new Mutated(null, 0, "the generated code has no method " + c.method());
    }
    int start = head.start();
    int end = code.indexOf("\n  }\n", start);
    String body = code.substring(start, end);
    int occurrences = body.split(Pattern.quote(c.pattern()), -1).length - 1;
    if (occurrences == 0) {
      return new Mutated(null, 0, "method " + c.method() + " no longer contains the pattern `" + c.pattern()
          + "`:\n" + body);
    }
    return new Mutated(code.substring(0, start) + body.replace(c.pattern(), c.replacement()) + code.substring(end),
        occurrences, null);
  }

  private static Model load(String className) {
    try {
      return (Model) loader.load(className).getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GradCheck.Report check(Model model, Data data, long firstSeed) {
    int[] shape = model.outputShape();
    int classes = shape[shape.length - 1];
    return GradCheck.withData(model, BATCH, H, firstSeed, (random, x, t, m) -> fill(random, x, t, m, data, classes));
  }

  /** Inputs with |x| in [0.2, 1.5] (or token ids), parameters plus N(0, 0.1²) noise, targets as asked. */
  private static void fill(Random random, float[] x, float[] t, Model model, Data data, int classes) {
    for (int i = 0; i < x.length; i++) {
      float mag = 0.2f + 1.3f * random.nextFloat();
      x[i] = data == Data.TOKENS ? random.nextInt(5) : random.nextBoolean() ? mag : -mag;
    }
    float[] p = model.parameters();
    for (int i = 0; i < p.length; i++) {
      p[i] += (float) (0.1 * random.nextGaussian());
    }
    switch (data) {
      case REAL, TOKENS -> {
        for (int i = 0; i < t.length; i++) {
          t[i] = (float) random.nextGaussian();
        }
      }
      case PROBABILITY -> {
        for (int i = 0; i < t.length; i++) {
          t[i] = random.nextFloat();
        }
      }
      case ONE_HOT -> {
        for (int r = 0; r < t.length; r += classes) {
          t[r + random.nextInt(classes)] = 1f;
        }
      }
      case DISTRIBUTION -> {
        for (int r = 0; r < t.length; r += classes) {
          double sum = 0;
          for (int j = r; j < r + classes; j++) {
            t[j] = 0.05f + random.nextFloat();
            sum += t[j];
          }
          for (int j = r; j < r + classes; j++) {
            t[j] = (float) (t[j] / sum);
          }
        }
      }
    }
  }
}
