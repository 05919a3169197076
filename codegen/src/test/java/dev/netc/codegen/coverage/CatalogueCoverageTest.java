package dev.netc.codegen.coverage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.mutation.MutationCases;
import dev.netc.codegen.ops.Losses;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.codegen.testing.FiniteDifferenceInventory;
import dev.netc.codegen.testing.FixtureInventory;
import dev.netc.runtime.optim.Optimizers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every entry of the catalogues has the three kinds of tests that catch a wrong kernel: a
 * finite-difference check ({@link FiniteDifferenceInventory}: the gradient-check tests run in
 * census mode), a PyTorch fixture ({@link FixtureInventory}) and a planted bug that the checks
 * catch ({@link MutationCases}). The entries come from {@link OpCatalogue}, {@link Losses} and
 * {@link Optimizers#names()}; nothing here names an op.
 *
 * <p>Exemptions follow from what an entry is, not from its name: a view ({@link Op#isView()}, such
 * as flatten) emits no code, so there is nothing to mutate; an optimizer has no gradient to
 * difference, so it needs a fixture of its steps (the runtime's {@code fixtures/optimizers.csv},
 * replayed by OptimizerFixtureTest) and a planted bug ({@link MutationCases#optimizers()}).
 */
class CatalogueCoverageTest {

  @Test
  void everyOpLossAndOptimizerIsCovered() throws IOException {
    Set<String> mutatedTargets = MutationCases.all().stream()
        .flatMap(c -> c.targets().stream()).collect(Collectors.toCollection(TreeSet::new));
    Set<String> fdOps = FiniteDifferenceInventory.opsCovered();
    Set<String> fdLosses = FiniteDifferenceInventory.lossesCovered();
    assertTrue(FiniteDifferenceInventory.taggedClasses() > 0, "the census found no test class tagged "
        + FiniteDifferenceInventory.TAG);
    Set<String> fixtureOps = FixtureInventory.opsCovered();
    Set<String> fixtureLosses = FixtureInventory.lossesCovered();

    List<String> gaps = new ArrayList<>();
    for (Op op : OpCatalogue.all().values()) {
      String name = op.name();
      if (!fdOps.contains(name)) {
        gaps.add("op " + name + ": no finite-difference check");
      }
      if (!fixtureOps.contains(name)) {
        gaps.add("op " + name + ": no PyTorch fixture");
      }
      if (!op.isView() && !mutatedTargets.contains(name)) {
        gaps.add("op " + name + ": no mutation case");
      }
    }
    for (String loss : Losses.all().keySet()) {
      if (!fdLosses.contains(loss)) {
        gaps.add("loss " + loss + ": no finite-difference check");
      }
      if (!fixtureLosses.contains(loss)) {
        gaps.add("loss " + loss + ": no PyTorch fixture");
      }
      if (!mutatedTargets.contains(loss)) {
        gaps.add("loss " + loss + ": no mutation case");
      }
    }
    Set<String> optimizerFixtures = optimizerFixtures();
    Set<String> mutatedOptimizers = MutationCases.optimizers().stream()
        .flatMap(c -> c.targets().stream()).collect(Collectors.toCollection(TreeSet::new));
    for (String optimizer : Optimizers.names()) {
      if (!optimizerFixtures.contains(optimizer)) {
        gaps.add("optimizer " + optimizer + ": no PyTorch fixture");
      }
      if (!mutatedOptimizers.contains(optimizer)) {
        gaps.add("optimizer " + optimizer + ": no mutation case");
      }
    }
    for (String target : mutatedTargets) {
      assertTrue(OpCatalogue.get(target) != null || Losses.all().containsKey(target),
          "a mutation case targets " + target + ", which is neither an op nor a loss");
    }
    assertTrue(gaps.isEmpty(), gaps.size() + " coverage gaps:\n  " + String.join("\n  ", gaps));
  }

  /**
   * The optimizers with a PyTorch fixture in the runtime's test resources (the build runs tests in
   * the module directory): the names in {@code optimizers.csv}'s {@code case,<id>,<optimizer>,...}
   * rows, and {@code lbfgs} when {@code lbfgs.csv} (against {@code torch.optim.LBFGS}) has cases.
   */
  private static Set<String> optimizerFixtures() throws IOException {
    Path dir = Path.of("..", "runtime", "src", "test", "resources", "fixtures");
    Set<String> names = new TreeSet<>();
    for (String line : fixtureLines(dir.resolve("optimizers.csv"))) {
      String[] cells = line.split(",");
      if (cells.length > 2 && cells[0].equals("case")) {
        names.add(cells[2]);
      }
    }
    if (fixtureLines(dir.resolve("lbfgs.csv")).stream().anyMatch(line -> line.startsWith("case,"))) {
      names.add("lbfgs");
    }
    return names;
  }

  private static List<String> fixtureLines(Path csv) throws IOException {
    assertTrue(Files.isRegularFile(csv), "the optimizer fixture " + csv.toAbsolutePath() + " is missing");
    return Files.readAllLines(csv, StandardCharsets.UTF_8);
  }
}
