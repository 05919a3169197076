package dev.netc.codegen.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ops.LossCall;
import dev.netc.codegen.ops.LossDef;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * What {@link LossChecker} hands the graph: the loss with its resolved arguments (defaults filled
 * in), the target size they imply, and the errors the malformed files cannot hold (a list too long
 * for the generated class).
 */
class LossArgumentsTest {

  private static String net(String output, String loss) {
    return "network N {\n  input x: float[4];\n  " + output + "\n  loss " + loss + ";\n}\n";
  }

  private static Diagnostics diags;

  private static Graph build(String text) {
    SourceFile source = new SourceFile("Test.net", text);
    ParseResult parsed = NetParser.parse(source);
    assertFalse(parsed.hasErrors());
    diags = new Diagnostics(source);
    return new GraphBuilder(diags).build(parsed.unit().networks().get(0));
  }

  private static List<String> errors() {
    return diags.toList().stream().map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message())
        .collect(Collectors.toList());
  }

  @Test
  void defaultsAreFilledInAndDescribeLeavesThemOut() {
    LossCall loss = build(net("dense(3);", "softmax_cross_entropy")).loss();
    assertEquals("distribution", loss.args().enumArg("targets"));
    assertEquals(0.0, loss.args().floatArg("label_smoothing"));
    assertArrayEquals(new double[0], loss.args().floatListArg("class_weights"));
    assertEquals("softmax_cross_entropy", loss.describe());
    assertEquals(3, loss.targetSize(build(net("dense(3);", "mse")).output().shape()));
    assertEquals("huber", build(net("dense(3);", "huber")).loss().describe());
    assertEquals("huber(delta: 0.25)", build(net("dense(3);", "huber(delta: 0.25)")).loss().describe());
    assertEquals("binary_cross_entropy_with_logits(pos_weight: [2])",
        build(net("dense(3);", "binary_cross_entropy_with_logits(pos_weight: 2)")).loss().describe());
  }

  @Test
  void longWeightListsAreCountedNotListed() {
    String weights = IntStream.range(0, 9).mapToObj(i -> "1").collect(Collectors.joining(", "));
    assertEquals("softmax_cross_entropy(class_weights: [9 values])",
        build(net("dense(9);", "softmax_cross_entropy(class_weights: [" + weights + "])")).loss().describe());
  }

  @Test
  void classIndicesMakeTheTargetOneFloatPerRow() {
    Graph g = build(net("dense(12);\n  reshape([4, 3]);", "softmax_cross_entropy(targets: class_index)"));
    assertEquals(4, g.loss().targetSize(g.output().shape()));
    assertEquals("softmax_cross_entropy(targets: class_index)", g.loss().describe());
  }

  @Test
  void aWeightListTooLongForTheGeneratedClassIsRefusedAtTheArgument() {
    int n = LossDef.MAX_WEIGHTS + 1;
    String ones = IntStream.range(0, n).mapToObj(i -> "1").collect(Collectors.joining(", "));
    assertNull(build(net("dense(" + n + ");", "softmax_cross_entropy(class_weights: [" + ones + "])")));
    assertEquals(List.of("4:30 softmax_cross_entropy: class_weights has 4097 values, more than the 4096 netc"
        + " supports (the generated class holds them as a constant); leave class_weights out"), errors());
    assertNull(build(net("dense(" + n + ");", "binary_cross_entropy_with_logits(pos_weight: [" + ones + "])")));
    assertEquals(List.of("4:41 binary_cross_entropy_with_logits: pos_weight has 4097 values, more than the 4096"
        + " netc supports (the generated class holds them as a constant); leave pos_weight out"), errors());
  }

  @Test
  void argumentErrorsAreReportedEvenWhenTheOutputFailed() {
    assertNull(build(net("dense(3, activation: relux);", "huber(delta: -1)")));
    assertEquals(2, errors().size(), errors().toString());
    assertTrue(errors().contains("4:21 huber: argument 'delta' expects a non-negative number, got -1"),
        errors().toString());
  }
}
