package dev.netc.codegen.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.build.GraphBuilder;
import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LayerCode;
import dev.netc.codegen.ops.LossCall;
import dev.netc.codegen.ops.Losses;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.plan.GradientPlan.Step;
import dev.netc.codegen.plan.GradientPlan.When;
import dev.netc.codegen.plan.GradientPlan.Write;
import dev.netc.dsl.NetParser;
import dev.netc.dsl.ParseResult;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The backward pass decided from the graph alone: order, when each step runs, and which gradient
 * each input's write goes to with {@code =} or {@code +=}. Chains come from .net text; values with
 * several readers are built by hand with a two-input stub op, as merges will make them.
 */
class GradientPlanTest {

  @Test
  void chainRunsBackwardInReverseAndAssignsEveryGradient() {
    Graph g = fromNet("""
        network Chain {
          input x: float[4, 6];
          flat = flatten;
          hidden = dense(8, activation: relu);
          out = dense(3);
          loss softmax_cross_entropy;
        }
        """);
    GradientPlan plan = GradientPlan.of(g);
    assertEquals(List.of("out", "hidden"), names(plan));
    assertSame(node(g, "out"), plan.lossTarget());
    for (Step step : plan.backwardOrder()) {
      assertEquals(When.ALWAYS, step.runs(), step.node().name());
      assertEquals(1, step.writes().size());
      assertFalse(step.firstWrite().accumulate(), step.node().name());
      assertFalse(step.firstWrite().gated(), step.node().name());
    }
    // hidden reads the view flat: it writes the gradient of the memory's owner, the network input
    Write toInput = plan.stepOf(node(g, "hidden")).firstWrite();
    assertSame(node(g, "x"), toInput.target());
    assertTrue(toInput.toNetworkInput());
    assertEquals(When.IF_INPUT_GRADIENT, toInput.needed());
    assertEquals(When.ALWAYS, plan.stepOf(node(g, "out")).firstWrite().needed());
    assertNull(plan.stepOf(node(g, "flat")), "a view has no backward step");
    assertNull(plan.stepOf(node(g, "x")));
    assertTrue(plan.clearsParameterGradients());
  }

  @Test
  void layersBeforeAnyParameterRunOnlyWhenTheInputGradientIsAsked() {
    Graph g = fromNet("""
        network Scaled {
          input x: float[4];
          act = tanh;
          out = dense(2);
          loss mse;
        }
        """);
    GradientPlan plan = GradientPlan.of(g);
    assertEquals(List.of("out", "act"), names(plan));
    assertEquals(When.ALWAYS, plan.stepOf(node(g, "out")).runs());
    assertEquals(When.IF_INPUT_GRADIENT, plan.stepOf(node(g, "act")).runs());
    assertEquals(When.IF_INPUT_GRADIENT, plan.stepOf(node(g, "out")).firstWrite().needed());
    assertFalse(plan.requiresGrad(node(g, "act")));
    assertTrue(plan.requiresGrad(node(g, "out")));
  }

  @Test
  void aValueTheLossDoesNotReadGetsNoStep() {
    // a and act read flat too, but nothing reads them on the way to the loss
    Graph g = fromNet("""
        network Branch {
          input x: float[4, 6];
          flat = reshape([24]);
          a = dense(8, bias: false);
          act = leaky_relu(alpha: 0.2);
          b = dense(flat, 3);
          out = log_softmax;
          loss kl_divergence;
        }
        """);
    GradientPlan plan = GradientPlan.of(g);
    assertEquals(List.of("out", "b"), names(plan));
    assertNull(plan.stepOf(node(g, "a")));
    assertNull(plan.stepOf(node(g, "act")));
    assertFalse(plan.stepOf(node(g, "b")).firstWrite().accumulate());
    assertEquals(1, plan.writersOf(node(g, "x")));
  }

  @Test
  void aValueWithTwoReadersGetsItsGradientWrittenThenAdded() {
    // x -> h = dense; a = relu(h); b = tanh(h); s = add(a, b)
    Hand hand = new Hand();
    Node x = hand.input("x");
    Node h = hand.layer("h", true, x);
    Node a = hand.layer("a", false, h);
    Node b = hand.layer("b", false, h);
    Node s = hand.layer("s", false, a, b);
    GradientPlan plan = GradientPlan.of(hand.graph(s));

    assertEquals(List.of("s", "b", "a", "h"), names(plan));
    Step sum = plan.stepOf(s);
    assertEquals(2, sum.writes().size());
    assertSame(a, sum.writes().get(0).target());
    assertSame(b, sum.writes().get(1).target());
    assertFalse(sum.writes().get(0).accumulate());
    assertFalse(sum.writes().get(1).accumulate());
    // fan-out: b, the first reader of h to run backward, writes its gradient; a adds to it
    assertFalse(plan.stepOf(b).firstWrite().accumulate());
    assertTrue(plan.stepOf(a).firstWrite().accumulate());
    assertEquals(2, plan.writersOf(h));
    assertEquals(1, sum.writes().get(1).input());
    for (Step step : plan.backwardOrder()) {
      assertEquals(When.ALWAYS, step.runs(), step.node().name());
      step.writes().forEach(w -> assertFalse(w.gated(), step.node().name()));
    }
  }

  @Test
  void anAddedWriteIsGatedWhenTheGradientsFirstWriterRunsOnlyOnDemand() {
    // x -> e = relu (no parameters); d = dense(e); r = tanh(e); s = add(d, r).
    // Backward: s, r, d, e. r, without parameters before it, runs on demand and writes e's
    // gradient first; d always runs (its weights) but must add to e's gradient only when r ran.
    Hand hand = new Hand();
    Node x = hand.input("x");
    Node e = hand.layer("e", false, x);
    Node d = hand.layer("d", true, e);
    Node r = hand.layer("r", false, e);
    Node s = hand.layer("s", false, d, r);
    GradientPlan plan = GradientPlan.of(hand.graph(s));

    assertEquals(List.of("s", "r", "d", "e"), names(plan));
    assertEquals(When.IF_INPUT_GRADIENT, plan.stepOf(r).runs());
    assertEquals(When.ALWAYS, plan.stepOf(d).runs());
    assertEquals(When.ALWAYS, plan.stepOf(s).runs());
    Write first = plan.stepOf(r).firstWrite();
    Write added = plan.stepOf(d).firstWrite();
    assertFalse(first.accumulate());
    assertFalse(first.gated());
    assertTrue(added.accumulate());
    assertTrue(added.gated());
    assertEquals(When.IF_INPUT_GRADIENT, added.needed());
  }

  @Test
  void theSameReadersInTheOtherOrderNeedNoGate() {
    // as above with r declared before d: d, which always runs, writes e's gradient first
    Hand hand = new Hand();
    Node x = hand.input("x");
    Node e = hand.layer("e", false, x);
    Node r = hand.layer("r", false, e);
    Node d = hand.layer("d", true, e);
    Node s = hand.layer("s", false, d, r);
    GradientPlan plan = GradientPlan.of(hand.graph(s));

    assertEquals(List.of("s", "d", "r", "e"), names(plan));
    assertFalse(plan.stepOf(d).firstWrite().accumulate());
    assertTrue(plan.stepOf(r).firstWrite().accumulate());
    assertFalse(plan.stepOf(r).firstWrite().gated(), "r runs only when its write is wanted");
  }

  @Test
  void aDeepChainIsPlannedWithoutRecursion() {
    Hand hand = new Hand();
    Node last = hand.input("x");
    for (int i = 0; i < 20_000; i++) {
      last = hand.layer("l" + i, i == 0, last);
    }
    GradientPlan plan = GradientPlan.of(hand.graph(last));
    assertEquals(20_000, plan.backwardOrder().size());
    assertNotNull(plan.stepOf(last));
  }

  // ---- helpers

  private static Graph fromNet(String text) {
    SourceFile source = new SourceFile("Test.net", text);
    ParseResult parsed = NetParser.parse(source);
    assertFalse(parsed.hasErrors(), parsed.diagnostics().toString());
    Diagnostics diags = new Diagnostics(source);
    Graph graph = new GraphBuilder(diags).build(parsed.unit().networks().get(0));
    assertFalse(diags.hasErrors(), diags.toList().toString());
    assertNotNull(graph);
    return graph;
  }

  private static Node node(Graph g, String name) {
    return g.nodes().stream().filter(n -> n.name().equals(name)).findFirst().orElseThrow();
  }

  private static List<String> names(GradientPlan plan) {
    return plan.backwardOrder().stream().map(s -> s.node().name()).toList();
  }

  /** Builds a graph node by node, in topological order, from a stub op of any arity. */
  private static final class Hand {
    private static final Shape SHAPE = Shape.of(4);
    private static final SourcePos POS = new SourcePos("Hand.net", 1, 1);
    private static final Args NO_ARGS = new Args(Map.of(), Map.of(), POS);
    private final List<Node> nodes = new ArrayList<>();

    Node input(String name) {
      return add(new Node(nodes.size(), name, true, null, NO_ARGS, List.of(), SHAPE, List.of(), POS));
    }

    Node layer(String name, boolean withParameters, Node... inputs) {
      List<ParamSpec> params = withParameters
          ? List.of(new ParamSpec("weight", Shape.of(4, 4), dev.netc.runtime.Init.XAVIER_UNIFORM, 4, 4))
          : List.of();
      return add(new Node(nodes.size(), name, true, STUB, NO_ARGS, List.of(inputs), SHAPE, params, POS));
    }

    Graph graph(Node output) {
      return new Graph("Hand", List.copyOf(nodes), output,
          new LossCall(Losses.all().get("mse"), new Args(Map.of(), Map.of(), null)), "sgd",
          Map.of(), 32, 1, null, POS);
    }

    private Node add(Node node) {
      nodes.add(node);
      return node;
    }
  }

  /** The plan looks only at the graph's wiring and parameters, never at what an op computes. */
  private static final Op STUB = new Op() {
    @Override
    public String name() {
      return "stub";
    }

    @Override
    public String doc() {
      return "a stand-in for any op";
    }

    @Override
    public List<ArgSpec> args() {
      return List.of();
    }

    @Override
    public Shape inferShape(Shape input, Args args, Diagnostics diags, String where) {
      return input;
    }

    @Override
    public void emitForward(LayerCode code) {}

    @Override
    public void emitBackward(LayerCode code) {}
  };
}
