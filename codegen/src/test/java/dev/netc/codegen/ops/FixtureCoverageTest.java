package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.Output;
import dev.netc.codegen.testing.FixtureInventory;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Every op of {@link OpCatalogue} and every loss of {@link Losses} is checked against PyTorch by
 * at least one fixture ({@link FixtureInventory}, which reads the fixtures' compiled networks), and
 * so are the argument variants that pick different code: each fused activation of dense, the
 * non-default alpha of leaky_relu and elu, and each target form and option of the losses.
 */
class FixtureCoverageTest {

  @Test
  void everyOpHasAReferenceFixture() {
    Set<String> missing = new TreeSet<>(OpCatalogue.all().keySet());
    missing.removeAll(FixtureInventory.opsCovered());
    assertTrue(missing.isEmpty(), "ops without a PyTorch fixture under fixtures/net: " + missing);
  }

  @Test
  void everyLossHasAReferenceFixture() {
    Set<String> missing = new TreeSet<>(Losses.all().keySet());
    missing.removeAll(FixtureInventory.lossesCovered());
    assertTrue(missing.isEmpty(), "losses without a PyTorch fixture under fixtures/net: " + missing);
  }

  @Test
  void everyActivationIsCheckedFusedIntoDense() {
    Set<String> missing = new TreeSet<>(Activation.dslNames());
    for (Node n : FixtureInventory.nodesOf("dense")) {
      missing.remove(n.args().enumArg("activation"));
    }
    assertTrue(missing.isEmpty(), "dense activations without a PyTorch fixture: " + missing);
  }

  @Test
  void alphaOfLeakyReluAndEluIsCheckedAtItsDefaultAndAnotherValue() {
    List<String> missing = new ArrayList<>();
    for (Activation a : List.of(Activation.LEAKY_RELU, Activation.ELU)) {
      double fallback = a == Activation.ELU ? Activation.ELU_ALPHA : Activation.LEAKY_RELU_ALPHA;
      List<Double> alphas = FixtureInventory.nodesOf(a.dslName()).stream()
          .map(n -> n.args().floatArg("alpha")).toList();
      if (!alphas.contains(fallback)) {
        missing.add(a.dslName() + " with the default alpha " + fallback);
      }
      if (alphas.stream().noneMatch(v -> v != fallback)) {
        missing.add(a.dslName() + " with another alpha");
      }
    }
    assertTrue(missing.isEmpty(), "no PyTorch fixture for " + missing);
  }

  @Test
  void everyLossOptionIsChecked() {
    List<String> missing = new ArrayList<>();
    List<Output> ce = FixtureInventory.outputsWith("softmax_cross_entropy");
    require(missing, ce, "softmax_cross_entropy(targets: class_index)",
        o -> o.loss().args().enumArg("targets").equals("class_index"));
    require(missing, ce, "softmax_cross_entropy(targets: distribution)",
        o -> o.loss().args().enumArg("targets").equals("distribution"));
    require(missing, ce, "softmax_cross_entropy with label_smoothing",
        o -> o.loss().args().floatArg("label_smoothing") > 0);
    require(missing, ce, "softmax_cross_entropy with class_weights",
        o -> o.loss().args().floatListArg("class_weights").length > 0);
    require(missing, FixtureInventory.outputsWith("binary_cross_entropy_with_logits"),
        "binary_cross_entropy_with_logits with one pos_weight per output",
        o -> o.loss().args().floatListArg("pos_weight").length > 1);
    require(missing, FixtureInventory.outputsWith("binary_cross_entropy_with_logits"),
        "binary_cross_entropy_with_logits with one pos_weight other than 1",
        o -> o.loss().args().floatListArg("pos_weight").length == 1
            && o.loss().args().floatListArg("pos_weight")[0] != 1);
    require(missing, FixtureInventory.outputsWith("huber"), "huber with a delta other than 1",
        o -> o.loss().args().floatArg("delta") != 1.0);
    assertTrue(missing.isEmpty(), "no PyTorch fixture for " + missing);
  }

  private static void require(List<String> missing, List<Output> outputs, String what,
      java.util.function.Predicate<Output> test) {
    if (outputs.stream().noneMatch(test)) {
      missing.add(what);
    }
  }
}
