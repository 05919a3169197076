package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.testing.Nets;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What the checker builds from valid networks: shapes, names, wiring, and its warnings. */
class GraphBuilderTest {

  /** A checked graph; fails on any error. */
  private static Graph build(String text) {
    SourceFile source = new SourceFile("Test.net", text);
    ParseResult parsed = NetParser.parse(source);
    assertFalse(parsed.hasErrors(), () -> format(parsed.diagnostics()));
    Diagnostics diags = new Diagnostics(source);
    Graph graph = new GraphBuilder(diags).build(parsed.unit().networks().get(0));
    assertFalse(diags.hasErrors(), () -> format(diags.toList()));
    assertNotNull(graph);
    return graph;
  }

  /** The whole pipeline; fails on any error. */
  private static CompileResult compile(String text) {
    CompileResult result = NetcCompiler.compile(new SourceFile("Test.net", text), "test.check");
    assertFalse(result.hasErrors(), () -> format(result.diagnostics()));
    assertEquals(1, result.sources().size());
    return result;
  }

  private static String format(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  private static List<String> warnings(CompileResult result) {
    return result.diagnostics().stream().filter(d -> !d.isError())
        .map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).toList();
  }

  private static List<String> names(Graph g) {
    return g.nodes().stream().map(Node::name).toList();
  }

  private static Node node(Graph g, String name) {
    return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + names(g)));
  }

  private static final String FASHION_MLP = """
      network FashionMlp {
        input image: float[28, 28];
        flatten;
        dense(256, activation: relu);
        dropout(0.2);
        dense(10);
        loss softmax_cross_entropy;
        optimizer adam(lr: 0.001);
      }
      """;

  @Test
  void fashionMlpHasTheRightShapesAndAutomaticNames() {
    Graph g = build(FASHION_MLP);
    assertEquals("FashionMlp", g.name());
    assertEquals(List.of("image", "flatten_1", "dense_1", "dropout_1", "dense_2"), names(g));
    assertEquals(List.of("input", "flatten", "dense", "dropout", "dense"),
        g.nodes().stream().map(Node::opName).toList());
    assertEquals(Shape.of(28, 28), node(g, "image").shape());
    assertEquals(Shape.of(784), node(g, "flatten_1").shape());
    assertEquals(Shape.of(256), node(g, "dense_1").shape());
    assertEquals(Shape.of(256), node(g, "dropout_1").shape());
    assertEquals(Shape.of(10), node(g, "dense_2").shape());

    // each layer chains from the previous one
    for (int i = 1; i < g.nodes().size(); i++) {
      assertSame(g.nodes().get(i - 1), g.nodes().get(i).input());
    }
    assertTrue(node(g, "image").isInput());
    assertFalse(node(g, "dense_1").userNamed());
    assertTrue(node(g, "image").userNamed());
    assertTrue(node(g, "flatten_1").isView());
    assertSame(node(g, "dense_2"), g.output());
    assertEquals(List.of(node(g, "image")), g.inputs());

    // parameters: weight [784, 256] + bias [256], weight [256, 10] + bias [10]
    assertEquals(List.of(Shape.of(784, 256), Shape.of(256)),
        node(g, "dense_1").params().stream().map(p -> p.shape()).toList());
    assertEquals(List.of(Shape.of(256, 10), Shape.of(10)),
        node(g, "dense_2").params().stream().map(p -> p.shape()).toList());
    assertEquals("relu", node(g, "dense_1").args().enumArg("activation"));
    assertEquals("linear", node(g, "dense_2").args().enumArg("activation"));
    assertEquals(0.2, node(g, "dropout_1").args().floatArg("rate"));

    assertEquals("softmax_cross_entropy", g.loss().name());
    assertEquals("adam", g.optimizer());
    // only what the user wrote: the runtime owns the defaults
    assertEquals(Map.of("lr", 0.001), g.optimizerArgs());
  }

  @Test
  void fashionMlpCompilesWithoutDiagnostics() {
    CompileResult result = compile(FASHION_MLP);
    assertTrue(result.diagnostics().isEmpty(), () -> format(result.diagnostics()));
    assertEquals("FashionMlp", result.sources().get(0).simpleName());
  }

  @Test
  void automaticNamesCountPerOp() {
    Graph g = build("""
        network Deep {
          input x: float[8];
          dense(16) -> relu -> dense(16) -> relu -> dense(2) -> log_softmax;
          loss kl_divergence;
        }
        """);
    assertEquals(List.of("x", "dense_1", "relu_1", "dense_2", "relu_2", "dense_3", "log_softmax_1"),
        names(g));
    assertEquals(Shape.of(2), g.output().shape());
  }

  @Test
  void namedValuesAndOutput() {
    Graph g = build("""
        network Named {
          input features: float[12];
          hidden = dense(32, activation: tanh);
          logits = hidden -> dense(3);
          probabilities = softmax;
          output logits;
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("features", "hidden", "logits", "probabilities"), names(g));
    assertTrue(node(g, "hidden").userNamed());
    assertTrue(node(g, "logits").userNamed());
    assertSame(node(g, "hidden"), node(g, "logits").input());
    assertSame(node(g, "logits"), node(g, "probabilities").input());
    // `output` wins over the last statement
    assertSame(node(g, "logits"), g.output());
    assertEquals(Shape.of(3), g.output().shape());
  }

  @Test
  void outputMayNameAValueDefinedAfterIt() {
    Graph g = build("""
        network OutputFirst {
          input x: float[4];
          output y;
          y = dense(2);
          loss mse;
        }
        """);
    assertSame(node(g, "y"), g.output());
  }

  @Test
  void explicitInputArgument() {
    Graph g = build("""
        network Explicit {
          input x: float[4];
          h = dense(8, activation: relu);
          other = dense(h, 5);
          out = dense(h, 10);
          output out;
          loss softmax_cross_entropy;
        }
        """);
    // dense(h, 10) reads h, not the previous statement's value
    assertSame(node(g, "h"), node(g, "out").input());
    assertSame(node(g, "h"), node(g, "other").input());
    assertEquals(10, node(g, "out").args().intArg("units"));
    assertEquals(Shape.of(8, 10), node(g, "out").params().get(0).shape());
    assertEquals(Shape.of(10), g.output().shape());
  }

  @Test
  void chainStartingFromTheInputByName() {
    Graph g = build("""
        network Chain {
          input image: float[1, 28, 28];
          image -> reshape([28, 28]) -> flatten -> dense(10);
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("image", "reshape_1", "flatten_1", "dense_1"), names(g));
    assertEquals(Shape.of(28, 28), node(g, "reshape_1").shape());
    assertEquals(Shape.of(784), node(g, "flatten_1").shape());
  }

  @Test
  void reshapeInfersOneDimension() {
    Graph g = build("""
        network Infer {
          input x: float[12];
          reshape([-1, 4]);
          flatten;
          dense(2);
          loss mse;
        }
        """);
    assertEquals(Shape.of(3, 4), node(g, "reshape_1").shape());
  }

  @Test
  void userNamesDoNotCollideWithAutomaticNames() {
    Graph g = build("""
        network UserNames {
          input x: float[4];
          dense_1 = dense(8);
          dense(6);
          dense(2);
          loss mse;
        }
        """);
    // the user's dense_1 keeps its name; the automatic ones skip it
    assertEquals(List.of("x", "dense_1", "dense_2", "dense_3"), names(g));
    assertTrue(node(g, "dense_1").userNamed());
    assertEquals(Shape.of(8), node(g, "dense_1").shape());
    assertFalse(node(g, "dense_2").userNamed());
    assertEquals(Shape.of(6), node(g, "dense_2").shape());
  }

  @Test
  void automaticNamesAlsoAvoidTheJavaFormsOfUserNames() {
    // dense1 and dense_1 both become dense1Forward in Java: the automatic name moves on
    String text = """
        network JavaForms {
          input x: float[4];
          dense1 = dense(8);
          dense(2);
          loss mse;
        }
        """;
    assertEquals(List.of("x", "dense1", "dense_2"), names(build(text)));
    // and the generated source compiles
    assertNotNull(Nets.compile(text).model());
  }

  @Test
  void userNameDense1CompilesEndToEnd() {
    assertNotNull(Nets.compile("""
        network UserDense {
          input x: float[4];
          dense_1 = dense(8, activation: relu);
          dense(3);
          loss softmax_cross_entropy;
        }
        """).model());
  }

  @Test
  void warnsAboutSoftmaxBeforeSoftmaxCrossEntropy() {
    CompileResult result = compile("""
        network DoubleSoftmax {
          input x: float[4];
          dense(3);
          softmax;
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("5:8 softmax_cross_entropy applies softmax itself; remove the softmax at"
        + " line 4 so the network outputs logits"), warnings(result));
  }

  @Test
  void warnsAboutKlDivergenceWithoutLogSoftmax() {
    CompileResult result = compile("""
        network Kl {
          input x: float[4];
          dense(3);
          loss kl_divergence;
        }
        """);
    assertEquals(List.of("4:8 kl_divergence expects log-probabilities; end the network with log_softmax"),
        warnings(result));

    CompileResult fine = compile("""
        network Kl {
          input x: float[4];
          dense(3) -> log_softmax;
          loss kl_divergence;
        }
        """);
    assertEquals(List.of(), warnings(fine));
  }

  @Test
  void plannedTrainingSettingsAreIgnoredWithAWarning() {
    String text = """
        network Planned {
          input x: float[4];
          dense(1);
          loss mse;
          optimizer sgd(lr: 0.05, momentum: 0.9);
          training { batch: 64; epochs: 10; seed: 42; early_stopping(monitor: val_loss, patience: 3);
                     regularize: l2(1e-4); }
        }
        """;
    CompileResult result = compile(text);
    assertEquals(List.of(
        "6:47 training setting 'early_stopping' is not supported yet and is ignored",
        "7:14 training setting 'regularize' is not supported yet and is ignored"), warnings(result));
    Graph g = build(text);
    assertEquals(64, g.batchSize());
    assertEquals(10, g.epochs());
    assertEquals(42L, g.seed());
    assertEquals("sgd", g.optimizer());
    assertEquals(Map.of("lr", 0.05, "momentum", 0.9), g.optimizerArgs());
  }

  @Test
  void defaultsWithoutOptimizerOrTraining() {
    Graph g = build("""
        network Defaults {
          input x: float[4];
          dense(1);
          loss binary_cross_entropy_with_logits;
        }
        """);
    assertEquals("sgd", g.optimizer());
    assertEquals(0, g.batchSize());
    assertEquals(0, g.epochs());
    assertNull(g.seed());
  }

  @Test
  void noWarningsForACleanNetwork() {
    CompileResult result = compile("""
        network Clean {
          input x: float[4];
          dense(8, activation: leaky_relu, bias: false, init: he_uniform);
          leaky_relu(alpha: 0.2);
          dense(1);
          loss mse;
          optimizer adam;
        }
        """);
    assertTrue(result.diagnostics().isEmpty(), () -> format(result.diagnostics()));
  }
}
