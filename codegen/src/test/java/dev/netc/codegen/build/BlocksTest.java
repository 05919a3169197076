package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportLoader;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.testing.Nets;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.Model;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Blocks expand like hygienic macros: parameters bind values and literals, the layers of a call
 * get names of their own, nothing leaks between the body and the caller, and every problem is
 * reported where it is, with the call that led there.
 */
class BlocksTest {

  static final String CONV_BN_RELU = """
      block conv_bn_relu(x, filters) {
        return conv2d(x, filters, kernel: 3, padding: same) -> batchnorm -> relu;
      }
      """;

  /** The graph of the first network of {@code text}; fails on any error. */
  private static Graph build(String text) {
    SourceFile source = new SourceFile("Test.net", text);
    ParseResult parsed = NetParser.parse(source);
    assertFalse(parsed.hasErrors(), () -> format(parsed.diagnostics()));
    Diagnostics diags = new Diagnostics(source);
    BlockTable blocks = Blocks.declare(
        new ImportLoader(ImportResolver.NONE, diags).load(parsed.unit()), diags);
    Graph graph = new GraphBuilder(diags, blocks).build(parsed.unit().networks().get(0));
    assertFalse(diags.hasErrors(), () -> format(diags.toList()));
    return graph;
  }

  /** "line:col message" of every diagnostic of compiling {@code text} as Test.net. */
  static List<String> diagnostics(String text) {
    CompileResult r = NetcCompiler.compile(new SourceFile("Test.net", text), "test.blocks");
    assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isInternal),
        () -> format(r.diagnostics()));
    return r.diagnostics().stream().map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message())
        .toList();
  }

  private static String format(List<Diagnostic> diagnostics) {
    return diagnostics.stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  private static List<String> names(Graph g) {
    return g.nodes().stream().map(Node::name).toList();
  }

  private static Node node(Graph g, String name) {
    return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError("no node " + name + " in " + names(g)));
  }

  @Test
  void namedCallPrefixesTheLayersOfTheBodyAndNamesItsResult() {
    Graph g = build(CONV_BN_RELU + """
        network N {
          input image: float[1, 8, 8];
          a = conv_bn_relu(image, 4);
          flatten;
          dense(2);
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("image", "a_conv2d_1", "a_batchnorm_1", "a", "flatten_1", "dense_1"), names(g));
    assertEquals(Shape.of(4, 8, 8), node(g, "a").shape());
    assertEquals("relu", node(g, "a").opName());
    assertTrue(node(g, "a").userNamed());
    assertFalse(node(g, "a_conv2d_1").userNamed());
    assertSame(node(g, "image"), node(g, "a_conv2d_1").input());
    assertEquals(4, node(g, "a_conv2d_1").args().intArg("filters"));
    assertEquals(3, node(g, "a_conv2d_1").args().intListArg("kernel")[0]);
    // positions point into the body, where the layers are written
    assertEquals(2, node(g, "a_conv2d_1").pos().line());
  }

  @Test
  void chainedCallTakesItsInputFromTheLeft() {
    Graph g = build(CONV_BN_RELU + """
        network N {
          input image: float[1, 8, 8];
          image -> conv_bn_relu(4) -> conv_bn_relu(8) -> flatten -> dense(2);
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("image",
        "conv_bn_relu_1_conv2d_1", "conv_bn_relu_1_batchnorm_1", "conv_bn_relu_1_relu_1",
        "conv_bn_relu_2_conv2d_1", "conv_bn_relu_2_batchnorm_1", "conv_bn_relu_2_relu_1",
        "flatten_1", "dense_1"), names(g));
    assertSame(node(g, "conv_bn_relu_1_relu_1"), node(g, "conv_bn_relu_2_conv2d_1").input());
    assertEquals(Shape.of(8, 8, 8), node(g, "conv_bn_relu_2_relu_1").shape());
  }

  @Test
  void bareCallChainsFromThePreviousStatementAndArgumentsMayBeNamed() {
    Graph g = build(CONV_BN_RELU + """
        network N {
          input image: float[1, 8, 8];
          conv_bn_relu(filters: 2);
          b = conv_bn_relu(x: image, filters: 3);
          flatten;
          dense(2);
          loss softmax_cross_entropy;
        }
        """);
    assertSame(node(g, "image"), node(g, "conv_bn_relu_1_conv2d_1").input());
    assertSame(node(g, "image"), node(g, "b_conv2d_1").input());
    assertEquals(3, node(g, "b_conv2d_1").args().intArg("filters"));
    assertSame(node(g, "b"), node(g, "flatten_1").input());
  }

  @Test
  void localNamesOfTheBodyNeitherLeakNorClashWithTheCaller() {
    Graph g = build("""
        block mlp(x, units) {
          h = dense(x, units, activation: relu);
          return dense(h, units);
        }
        network N {
          input x: float[4];
          h = mlp(x, 8);
          a_h = dense(h, 3);
          mlp(6);
          output a_h;
          loss mse;
        }
        """);
    // the block's h is h_h inside the call named h; the network's a_h stays the user's
    assertEquals(List.of("x", "h_h", "h", "a_h", "mlp_1_h", "mlp_1_dense_1"), names(g));
    assertSame(node(g, "h"), node(g, "a_h").input());
    assertSame(node(g, "a_h"), g.output());
    assertSame(node(g, "a_h"), node(g, "mlp_1_h").input()); // bare call: the previous statement's value
  }

  @Test
  void callerValuesAreNotVisibleInsideTheBody() {
    assertEquals(List.of("2:15 unknown op 'skip'"), diagnostics("""
        block bad(x) {
          return x -> skip;
        }
        network N { input x: float[4]; skip = dense(4); bad(skip); loss mse; }
        """));
    assertEquals(List.of("2:16 unknown value 'skip' (in block bad called at Test.net:4:49)"),
        diagnostics("""
        block bad(x) {
          return dense(skip, 4);
        }
        network N { input x: float[4]; skip = dense(4); bad(skip); loss mse; }
        """));
  }

  @Test
  void twoCallsOfOneBlockGiveDistinctLayersThatCompileAndTrain() {
    String text = """
        block mlp(x, units, act) {
          h = dense(x, units);
          return h -> act;
        }
        network TwoCalls {
          input x: float[2];
          a = mlp(x, 8, tanh);
          b = mlp(a, 8, tanh);
          dense(b, 1);
          loss mse;
          optimizer adam(lr: 0.01);
        }
        """;
    Graph g = build(text);
    assertEquals(List.of("x", "a_h", "a", "b_h", "b", "dense_1"), names(g));
    assertNotSame(node(g, "a_h"), node(g, "b_h"));
    assertEquals("tanh", node(g, "a").opName());

    Nets.Built built = Nets.compile(text);
    assertTrue(built.code().contains("aHForward") && built.code().contains("bHForward"), built.code());
    Model model = built.model();
    assertEquals(2 * 8 + 8 + 8 * 8 + 8 + 8 + 1, model.parameterCount());
    Nets.assertLearnsProduct(model);
  }

  @Test
  void literalArgumentsAreSubstitutedAsWrittenIncludingInListsAndAsOps() {
    Graph g = build("""
        block conv(x, k, pad, act) {
          return conv2d(x, 2, kernel: [k, k], padding: pad) -> act;
        }
        network N {
          input image: float[1, 9, 9];
          c = conv(image, 3, valid, leaky_relu);
          flatten;
          dense(2);
          loss softmax_cross_entropy;
        }
        """);
    Node conv = node(g, "c_conv2d_1");
    assertEquals(List.of(3, 3), List.of(conv.args().intListArg("kernel")[0], conv.args().intListArg("kernel")[1]));
    assertEquals(Shape.of(2, 7, 7), conv.shape());
    assertEquals("leaky_relu", node(g, "c").opName());
  }

  @Test
  void blocksCallBlocksAndPassTheirParametersOn() {
    Graph g = build(CONV_BN_RELU + """
        block twice(x, filters) {
          first = conv_bn_relu(x, filters);
          return conv_bn_relu(first, filters);
        }
        network N {
          input image: float[1, 6, 6];
          t = twice(image, 5);
          flatten;
          dense(2);
          loss softmax_cross_entropy;
        }
        """);
    assertEquals(List.of("image", "t_first_conv2d_1", "t_first_batchnorm_1", "t_first",
        "t_conv2d_1", "t_batchnorm_1", "t", "flatten_1", "dense_1"), names(g));
    assertEquals(5, node(g, "t_conv2d_1").args().intArg("filters"));
    assertSame(node(g, "t_first"), node(g, "t_conv2d_1").input());
  }

  @Test
  void parametersMayBindValuesBesideTheInput() {
    Graph g = build("""
        block from(x, other) { return dense(other, 3); }
        block same(x) { return x; }
        network N {
          input x: float[4];
          h = dense(6);
          y = from(x, h);
          z = same(y);
          output z;
          loss mse;
        }
        """);
    assertSame(node(g, "h"), node(g, "y").input());
    assertSame(node(g, "y"), g.output()); // same(y) returns its input: z is y
  }

  @Test
  void wrongArityIsReportedAtTheCall() {
    String net = """
        block two(x, units) { return dense(x, units); }
        network N {
          input x: float[4];
          %s;
          loss mse;
        }
        """;
    assertEquals(List.of("4:3 two: missing argument 'units'; block two(x, units) takes 2"),
        diagnostics(net.formatted("two(x)")));
    assertEquals(List.of("4:3 two: missing argument 'units'; block two(x, units) takes 2"),
        diagnostics(net.formatted("two")));
    assertEquals(List.of("4:13 two: too many arguments; block two(x, units) takes 2"),
        diagnostics(net.formatted("two(x, 3, 4)")));
    assertEquals(List.of("4:15 two: too many arguments; after its input x it takes 1 (units)"),
        diagnostics(net.formatted("x -> two(3, 4)")));
    assertEquals(List.of("4:10 two: unknown argument 'unit', did you mean 'units'?"),
        diagnostics(net.formatted("two(x, unit: 3)")));
    assertEquals(List.of("4:13 two: argument 'units' given twice"),
        diagnostics(net.formatted("two(x, 3, units: 4)")));
    assertEquals(List.of("4:17 two: positional argument after a named argument"),
        diagnostics(net.formatted("two(units: 3, x)")));
    assertEquals(List.of("4:7 unknown value 'xx', did you mean 'x'?"),
        diagnostics(net.formatted("two(xx, 3)")));
    assertEquals(List.of("4:10 two: argument 'x' is the block's input and must name a value, got 2"),
        diagnostics(net.formatted("two(x: 2, units: 3)")));
    assertEquals(List.of("4:10 two: argument 'units' must be a value name or a literal such as 16, relu"
        + " or [3, 3], got a call to dense"), diagnostics(net.formatted("two(x, dense(3))")));
  }

  @Test
  void errorsInsideTheBodyPointIntoTheBodyAndNameTheCall() {
    List<String> d = diagnostics("""
        block head(x, units) {
          h = dense(x, units);
          return dense(h, 2);
        }
        network N {
          input image: float[4, 4];
          head(image, 3);
          loss mse;
        }
        """);
    assertEquals(List.of("2:7 dense: expected rank-1 input, got float[4, 4]; add flatten before head_1_h"
        + " (in block head called at Test.net:7:3)"), d);
  }

  @Test
  void badLiteralIsReportedWhereItIsWrittenWithTheCall() {
    assertEquals(List.of("5:15 dense: argument 'units' expects a positive integer, got -3"
            + " (in block head called at Test.net:5:7)"), diagnostics("""
        block head(x, units) { return dense(x, units); }
        network N {
          input x: float[4];
          h = head(x, 2);
          y = head(h, -3);
          loss mse;
        }
        """));
  }

  @Test
  void theSameMistakeInManyCallsIsReportedOnce() {
    List<String> d = diagnostics("""
        block head(x) { return dense(x, 0); }
        network N {
          input x: float[4];
          a = head(x);
          b = head(x);
          loss mse;
        }
        """);
    assertEquals(List.of("1:33 dense: argument 'units' expects a positive integer, got 0"
        + " (in block head called at Test.net:4:7)"), d);
  }

  @Test
  void nestedCallsAreAllNamedInTheNote() {
    List<String> d = diagnostics("""
        block inner(x) { return dense(x, 2); }
        block outer(x) { return inner(x); }
        network N { input image: float[4, 4]; outer(image); loss mse; }
        """);
    assertEquals(List.of("1:25 dense: expected rank-1 input, got float[4, 4]; add flatten before outer_1_inner_1_dense_1"
        + " (in block inner called at Test.net:2:25, in block outer called at Test.net:3:39)"), d);
  }

  @Test
  void recursionIsReportedWithTheChainNotAStackOverflow() {
    assertEquals(List.of("1:24 recursive block: loop -> loop; a block cannot call itself,"
        + " directly or through other blocks"), diagnostics("""
        block loop(x) { return loop(x); }
        network N { input x: float[4]; loop(x); loss mse; }
        """));
    assertEquals(List.of("3:26 recursive block: a -> b -> c -> a; a block cannot call itself,"
        + " directly or through other blocks"), diagnostics("""
        block a(x) { return b(x); }
        block b(x) { h = dense(x, 3); return c(h); }
        block c(x) { return x -> a; }
        network N { input x: float[4]; a(x); loss mse; }
        """));
  }

  @Test
  void unknownNamesSuggestBlocksToo() {
    assertEquals(List.of("4:42 unknown op 'conv_bn_rlu', did you mean 'conv_bn_relu'?"),
        diagnostics(CONV_BN_RELU + """
            network N { input image: float[1, 4, 4]; conv_bn_rlu(2); loss mse; }
            """));
    assertEquals(List.of("1:26 unknown op 'dnse', did you mean 'dense'?"), diagnostics("""
        block b(x) { return x -> dnse(3); }
        network N { input x: float[4]; b; loss mse; }
        """));
  }

  @Test
  void blockDeclarationsAreCheckedOnceEvenWhenUnused() {
    List<String> d = diagnostics("""
        block none() { return dense(1); }
        block norets(x) { h = dense(x, 1); }
        block dup(x, x) { return x; }
        block dense(x) { return x; }
        block shadow(x) { x = dense(3); return x; }
        block late(x) { return x; dense(3); }
        block inp(x) { input y: float[2]; return x; }
        block los(x) { loss mse; return x; }
        block out(x) { output x; return x; }
        block early(x) { y = h -> relu; h = dense(x, 2); return y; }
        network N { input x: float[4]; dense(1); loss mse; }
        block norets(x) { return x; }
        """);
    assertEquals(List.of(
        "1:7 block none has no parameters; its first parameter is its input, as in `block none(x) { ... }`",
        "10:22 'h' is used before its definition at line 10; define values before using them",
        "12:7 duplicate block 'norets': already declared at line 2",
        "2:7 block norets has no return; end it with `return <value>;`",
        "3:14 duplicate parameter 'x' in block dup",
        "4:7 block name 'dense' is already an op; choose another name",
        "5:19 'x' is a parameter of block shadow; choose another name for this value",
        "6:27 return must be the last statement of block late; this statement follows the return at line 6",
        "7:16 input cannot be declared in a block; the block's input is its first parameter, x",
        "8:16 loss is not allowed in a block; declare it in the network",
        "9:16 output is not allowed in a block; a block ends with `return <value>;`").stream().sorted().toList(),
        d.stream().sorted().toList());
  }

  @Test
  void callingABlockWithErrorsFailsWithoutACascade() {
    assertEquals(List.of("1:26 unknown op 'dnse', did you mean 'dense'?"), diagnostics("""
        block b(x) { return x -> dnse(3); }
        network N { input x: float[4]; y = b(x); z = dense(y, 2); output z; loss mse; }
        """));
  }

  @Test
  void aFileOfBlocksOnlyIsALibraryWithoutClasses() {
    CompileResult r = NetcCompiler.compile(new SourceFile("Lib.net", CONV_BN_RELU), "test.blocks");
    assertFalse(r.hasErrors(), () -> format(r.diagnostics()));
    assertTrue(r.sources().isEmpty());
  }
}
