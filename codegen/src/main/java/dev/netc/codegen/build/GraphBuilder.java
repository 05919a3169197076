package dev.netc.codegen.build;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Names;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.ArgSpec;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.EmbeddingOp;
import dev.netc.codegen.ops.LossDef;
import dev.netc.codegen.ops.Losses;
import dev.netc.codegen.ops.Op;
import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one checked-for-syntax network declaration into the IR: resolves ops and arguments,
 * infers shapes, and reports every semantic problem at its line:column. Returns null when there
 * were errors; it keeps going after an error to report as many as it can.
 */
public final class GraphBuilder {
  private final Diagnostics diags;
  private final List<Node> nodes = new ArrayList<>();
  /** The network's own names; each block call gets a scope of its own. */
  private final Scope network;
  private final java.util.Set<String> userNames = new java.util.HashSet<>();
  /**
   * The Java forms (camel case and constant case) of the user names and of every generated name:
   * generated names avoid them.
   */
  private final java.util.Set<String> takenJavaNames = new java.util.HashSet<>();
  /** The first input declaration, or null when the network has none. */
  private InputDecl firstInput;
  /** Parameters of the layers so far: all of them share one flat float[]. */
  private long totalParameters;
  /** The blocks being expanded, outermost first. */
  private final List<Block> expanding = new ArrayList<>();
  private int blockCalls;
  private int layersFromBlocks;
  /** Set when a limit on block expansion was hit (and reported): nothing more is expanded. */
  private boolean expansionStopped;
  /** Set when a call failed because the block has errors, which were reported at the block. */
  private boolean calledBlockWithErrors;

  public GraphBuilder(Diagnostics diags) {
    this(diags, BlockTable.EMPTY);
  }

  /** A builder whose networks can call {@code blocks}. */
  public GraphBuilder(Diagnostics diags, BlockTable blocks) {
    this.diags = diags;
    this.network = new Scope("", blocks, null);
  }

  /**
   * Whether the last {@link #build} failed (also) because it called a block whose errors were
   * reported at the block's declaration rather than in this network.
   */
  public boolean calledBlockWithErrors() {
    return calledBlockWithErrors;
  }

  public Graph build(NetworkDecl net) {
    int errorsBefore = diags.errorCount();
    Names.checkTypeName(net.name(), net.namePos(), diags);
    // user names win over generated ones: reserve them before any layer gets an automatic name
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        userNames.add(in.name());
        network.declaredAt.putIfAbsent(in.name(), in.pos());
        if (firstInput == null) {
          firstInput = in;
        }
      } else if (m instanceof ValueStmt v && v.name() != null) {
        userNames.add(v.name());
        network.declaredAt.putIfAbsent(v.name(), v.namePos());
      }
    }
    for (String name : userNames) {
      takeJavaForms(name);
    }
    // without any input every layer would complain; "has no input" below says it once
    network.broken = firstInput == null;
    Node current = null;
    List<OutputDecl> outputDecls = new ArrayList<>();
    LossDecl lossDecl = null;
    OptimizerDecl optimizerDecl = null;
    TrainingDecl trainingDecl = null;
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        current = input(in);
        network.broken = current == null;
      } else if (m instanceof ValueStmt v) {
        current = value(v, current, network);
        network.broken |= current == null;
      } else if (m instanceof OutputDecl out) {
        outputDecls.add(out);
      } else if (m instanceof LossDecl l) {
        if (lossDecl != null) {
          diags.error(l.pos(), "duplicate loss: already declared at line " + lossDecl.pos().line());
        }
        lossDecl = l;
      } else if (m instanceof OptimizerDecl o) {
        if (optimizerDecl != null) {
          diags.error(o.pos(), "duplicate optimizer: already declared at line " + optimizerDecl.pos().line());
        }
        optimizerDecl = o;
      } else if (m instanceof TrainingDecl t) {
        if (trainingDecl != null) {
          diags.error(t.pos(), "duplicate training block: already declared at line " + trainingDecl.pos().line());
        }
        trainingDecl = t;
      } else if (m instanceof ReturnStmt r) {
        diags.error(r.pos(), "return is only allowed inside a block; use output to name the network's output");
      }
    }
    if (firstInput == null) {
      diags.error(net.namePos(), "network " + net.name() + " has no input; declare one such as `input x: float[4];`");
    }
    // the output may name a value defined after the output statement
    Node declaredOutput = null;
    boolean outputFailed = false;
    for (OutputDecl out : outputDecls) {
      if (out != outputDecls.get(0)) {
        diags.error(out.pos(), "duplicate output declaration: already declared at line "
            + outputDecls.get(0).pos().line());
        continue;
      }
      declaredOutput = output(out);
      outputFailed = declaredOutput == null;
    }
    Node output = declaredOutput != null ? declaredOutput : outputFailed ? null : current;
    Node computed = output;
    while (computed != null && computed.isView()) {
      computed = computed.input();
    }
    if (computed != null && computed.isInput()) {
      diags.error(net.namePos(), "network " + net.name() + " computes nothing: its output is its input"
          + (output.isInput() ? "" : " seen through " + output.opName()) + "; add a layer such as dense(10)");
    }
    LossDef loss = null;
    if (lossDecl == null) {
      diags.error(net.namePos(), "network " + net.name()
          + " has no loss; add one such as `loss softmax_cross_entropy;` (losses: "
          + String.join(", ", Losses.all().keySet()) + ")");
    } else {
      loss = loss(lossDecl, output);
    }
    OptimizerChecker.Result opt = OptimizerChecker.check(optimizerDecl, diags);
    TrainingChecker.Result training = TrainingChecker.check(trainingDecl, diags);
    if (diags.errorCount() > errorsBefore || calledBlockWithErrors || output == null || loss == null) {
      return null;
    }
    if (!checkGeneratedNames()) {
      return null;
    }
    return new Graph(net.name(), "", List.copyOf(nodes), output, loss, opt.name(), opt.args(),
        training.batch(), training.epochs(), training.seed(), net.pos());
  }

  private Node input(InputDecl in) {
    if (in != firstInput) {
      diags.error(in.pos(), "several inputs are not supported yet; this network already has input '"
          + firstInput.name() + "' (line " + firstInput.pos().line() + ")");
      return null;
    }
    if (!define(in.name(), in.pos(), network)) {
      return null;
    }
    boolean ok = true;
    // int[...] inputs hold token ids, passed as floats (exact below 2^24); only embedding reads them
    boolean ids = in.elementType().equals("int");
    if (!ids && !in.elementType().equals("float")) {
      diags.error(in.typePos(), "unknown element type '" + in.elementType() + "'; inputs are float[...] or int[...]");
      ok = false;
    }
    long size = 1;
    for (int d : in.dims()) {
      if (d < 1) {
        diags.error(in.pos(), "input " + in.name() + ": dimensions must be positive, got " + in.dims());
        ok = false;
        break;
      }
      size *= d;
      if (size > Limits.MAX_ELEMENTS) {
        diags.error(in.pos(), "input " + in.name() + " has more than " + Limits.MAX_ELEMENTS + " elements");
        ok = false;
        break;
      }
    }
    if (!ok) {
      return null;
    }
    Node node = new Node(nodes.size(), in.name(), true, null, ids ? EmbeddingOp.intInputArgs(in.pos()) : null, List.of(),
        Shape.of(in.dims().stream().mapToInt(Integer::intValue).toArray()), List.of(), in.pos());
    nodes.add(node);
    network.values.put(in.name(), node);
    return node;
  }

  /** A value statement: its chain, from {@code previous} unless it starts with a value. */
  private Node value(ValueStmt v, Node previous, Scope scope) {
    // a name that cannot be defined is reported; the chain is still checked, without the name
    String name = v.name() != null && define(v.name(), v.namePos(), scope) ? v.name() : null;
    LayerName layerName = name == null ? null
        : scope.isNetwork() ? new LayerName(name, true) : new LayerName(fresh(scope.prefix + name), false);
    scope.defining = v.name();
    Node current = chain(v.chain(), previous, layerName, scope);
    scope.defining = null;
    if (current != null && name != null) {
      scope.values.put(name, current);
    }
    return current;
  }

  /** The stages of a chain, each applied to the one before; the last one gets {@code lastName}. */
  private Node chain(Chain chain, Node previous, LayerName lastName, Scope scope) {
    Node current = previous;
    boolean first = true;
    for (Expr stage : chain.stages()) {
      current = stage(stage, current, first, stage == last(chain) ? lastName : null, scope);
      first = false;
      if (current == null) {
        break;
      }
    }
    return current;
  }

  private static Expr last(Chain chain) {
    return chain.stages().get(chain.stages().size() - 1);
  }

  /**
   * The name of a layer: a user name in the network ({@code user}), or a generated one, such as
   * {@code a_conv2d_1} for a layer inside the call {@code a = conv_bn_relu(...)}.
   */
  private record LayerName(String name, boolean user) {}

  /**
   * One stage of a chain: a reference to a value, or an op or block applied to the previous
   * value.
   */
  private Node stage(Expr stage, Node previous, boolean first, LayerName layerName, Scope scope) {
    String opName;
    List<Arg> args;
    SourcePos pos = stage.pos();
    // a parameter bound to a name such as relu stands for that op; blocks are not passed around
    Ident opLiteral = null;
    if (stage instanceof Ident id) {
      Node named = scope.values.get(id.name());
      if (named != null) {
        if (!first) {
          diags.error(pos, "'" + id.name() + "' is a value, not an op; a value can only start a chain");
          return null;
        }
        return named;
      }
      opLiteral = opLiteral(id.name(), id.pos(), scope);
      if (opLiteral == null && scope.literals.containsKey(id.name())) {
        return null;
      }
      if (opLiteral == null && scope.declaredAt.containsKey(id.name()) && OpCatalogue.get(id.name()) == null
          && scope.blocks.get(id.name()) == null) {
        scope.notYetDefined(id, diags);
        return null;
      }
      opName = opLiteral != null ? opLiteral.name() : id.name();
      args = List.of();
    } else if (stage instanceof Call call) {
      opLiteral = opLiteral(call.name(), call.pos(), scope);
      if (opLiteral == null && scope.literals.containsKey(call.name())) {
        return null;
      }
      opName = opLiteral != null ? opLiteral.name() : call.name();
      args = call.args();
    } else {
      diags.error(pos, "expected an op such as dense(10) or a value name here");
      return null;
    }
    Op op = OpCatalogue.get(opName);
    Block block = op == null && opLiteral == null ? scope.blocks.get(opName) : null;
    if (op == null && block == null) {
      java.util.Set<String> known = new java.util.LinkedHashSet<>(OpCatalogue.all().keySet());
      if (opLiteral == null) {
        known.addAll(scope.blocks.names());
      }
      diags.error(opLiteral != null ? opLiteral.pos() : pos, "unknown op '" + opName + "'"
          + Suggestions.didYouMean(opName, known));
      return null;
    }
    if (block != null) {
      return callBlock(block, args, previous, layerName, pos, scope);
    }
    // an explicit input: the first positional argument names a value, as in dense(hidden, 10)
    Node input = previous;
    if (!args.isEmpty() && args.get(0).name() == null && args.get(0).value() instanceof Ident ref
        && !scope.literals.containsKey(ref.name())) {
      Node named = scope.values.get(ref.name());
      if (named != null) {
        input = named;
        args = args.subList(1, args.size());
      } else if (!takesIdentifierFirst(op)) {
        // not an argument value either: a misspelled or undefined input value
        if (scope.declaredAt.containsKey(ref.name())) {
          scope.notYetDefined(ref, diags);
        } else {
          scope.unknownValue(ref, diags);
        }
        return null;
      }
    }
    args = scope.substitute(args);
    if (EmbeddingOp.isIntInput(input) && !(op instanceof EmbeddingOp)) {
      diags.error(pos, opName + ": int input needs embedding first");
      return null;
    }
    Args resolved = ArgResolver.resolve(opName, op.args(), args, pos, diags);
    if (input == null) {
      if (!scope.broken) {
        diags.error(pos, opName + ": no input to apply it to; declare the input (line "
            + firstInput.pos().line() + ") before the layers");
      }
      return null;
    }
    if (resolved == null) {
      return null;
    }
    if (!expanding.isEmpty() && !countLayerFromBlock(pos)) {
      return null;
    }
    String name = layerName != null ? layerName.name() : autoName(opName, scope);
    Shape shape = op.inferShape(input.shape(), resolved, diags, name);
    if (shape == null) {
      return null;
    }
    if (shape.size() > Limits.MAX_ELEMENTS) {
      diags.error(pos, opName + ": output " + shape.describe() + " has more than "
          + Limits.MAX_ELEMENTS + " elements per example");
      return null;
    }
    List<ParamSpec> params = op.parameters(input.shape(), resolved);
    long paramCount = params.stream().mapToLong(p -> p.shape().size()).sum();
    if (paramCount > Limits.MAX_PARAMETERS) {
      diags.error(pos, opName + ": " + paramCount + " parameters is more than the "
          + Limits.MAX_PARAMETERS + " a flat float[] buffer can hold");
      return null;
    }
    if (paramCount > Limits.MAX_PARAMETERS - totalParameters) {
      diags.error(pos, opName + ": brings the network to " + (totalParameters + paramCount)
          + " parameters, more than the " + Limits.MAX_PARAMETERS + " a flat float[] buffer can hold");
      return null;
    }
    totalParameters += paramCount;
    Node node = new Node(nodes.size(), name, layerName != null && layerName.user(), op, resolved,
        List.of(input), shape, params, pos);
    nodes.add(node);
    return node;
  }

  /**
   * The op name a block parameter bound to a literal stands for, as in {@code x -> act} with
   * {@code act} bound to {@code relu}; null when {@code name} is no such parameter, and null after
   * reporting when the parameter is bound to something that is no op name.
   */
  private Ident opLiteral(String name, SourcePos usedAt, Scope scope) {
    Expr literal = scope.literals.get(name);
    if (literal == null) {
      return null;
    }
    if (literal instanceof Ident op) {
      return op;
    }
    diags.error(usedAt, "'" + name + "' is " + ArgResolver.show(literal) + " here, not an op or a value");
    return null;
  }

  // ---- blocks

  /**
   * Expands a call of {@code block} like a hygienic macro: the body is checked in a scope of its
   * own, where the parameters are bound to the call's values and literals, and its layers are
   * named after the call. Returns the value of the body's return.
   */
  private Node callBlock(Block block, List<Arg> args, Node previous, LayerName layerName, SourcePos pos,
      Scope caller) {
    if (!block.valid()) {
      calledBlockWithErrors = true; // reported at the block, once
      return null;
    }
    if (expansionStopped) {
      return null;
    }
    BlockArguments.Bound bound = BlockArguments.bind(block, args, pos, caller, diags);
    Node input = bound != null && bound.input() != null ? bound.input() : previous;
    if (input == null) {
      if (!caller.broken && bound != null) {
        diags.error(pos, block.name() + ": no input to apply it to; declare the input (line "
            + firstInput.pos().line() + ") before the layers");
      }
      return null;
    }
    if (bound == null || !enterBlock(block, pos)) {
      return null;
    }
    try {
      String prefix = layerName != null ? layerName.name() : autoName(block.name(), caller);
      Scope scope = new Scope(shortPrefix(prefix) + "_", block.home(), block);
      List<Ident> params = block.decl().params();
      scope.bindParameter(params.get(0), input, null);
      for (Ident param : params.subList(1, params.size())) {
        scope.bindParameter(param, bound.values().get(param.name()), bound.literals().get(param.name()));
      }
      for (Member m : block.decl().body()) {
        if (m instanceof ValueStmt v && v.name() != null) {
          scope.declaredAt.putIfAbsent(v.name(), v.namePos());
        }
      }
      Node current = input;
      for (Member m : block.decl().body()) {
        if (m instanceof ValueStmt v) {
          current = value(v, current, scope);
          scope.broken |= current == null;
        } else if (m instanceof ReturnStmt r) {
          return chain(r.chain(), current, layerName, scope);
        }
      }
      return null; // BlockChecker made sure the body returns
    } finally {
      expanding.remove(expanding.size() - 1);
      diags.leaveBlockCall();
    }
  }

  /** Starts expanding a call, or reports why it cannot be: recursion or a limit. */
  private boolean enterBlock(Block block, SourcePos pos) {
    if (expanding.contains(block)) {
      // BlockChecker rejects recursive blocks; this guards the expansion itself
      List<String> chain = new ArrayList<>(expanding.subList(expanding.indexOf(block), expanding.size())
          .stream().map(Block::name).toList());
      chain.add(block.name());
      diags.error(pos, "recursive block: " + String.join(" -> ", chain)
          + "; a block cannot call itself, directly or through other blocks");
      return false;
    }
    if (expanding.size() >= Limits.MAX_BLOCK_DEPTH) {
      diags.error(pos, "block calls are nested more than " + Limits.MAX_BLOCK_DEPTH + " deep");
      expansionStopped = true;
      return false;
    }
    if (++blockCalls > Limits.MAX_BLOCK_CALLS) {
      diags.error(pos, "this network expands more than " + Limits.MAX_BLOCK_CALLS
          + " block calls; blocks that call blocks several times multiply their calls");
      expansionStopped = true;
      return false;
    }
    expanding.add(block);
    diags.enterBlockCall(block.name(), pos);
    return true;
  }

  /** Counts a layer built inside a block call; false (reported once) past the limit. */
  private boolean countLayerFromBlock(SourcePos pos) {
    if (expansionStopped) {
      return false;
    }
    if (++layersFromBlocks > Limits.MAX_LAYERS_FROM_BLOCKS) {
      diags.error(pos, "block calls add more than " + Limits.MAX_LAYERS_FROM_BLOCKS
          + " layers to this network");
      expansionStopped = true;
      return false;
    }
    return true;
  }

  /** Layer names inside nested calls grow with each level: keep the prefix of a Java name short. */
  private String shortPrefix(String prefix) {
    return prefix.length() <= MAX_PREFIX ? prefix : fresh(prefix.substring(0, MAX_PREFIX));
  }

  private static final int MAX_PREFIX = 120;

  /** The value an output statement names, or null (reported unless its definition failed). */
  private Node output(OutputDecl out) {
    if (out.names().size() != 1) {
      diags.error(out.pos(), "several outputs are not supported yet; name one value");
      return null;
    }
    Ident id = out.names().get(0);
    Node node = network.values.get(id.name());
    if (node == null && !network.definedAt.containsKey(id.name())) {
      diags.error(id.pos(), "unknown value '" + id.name() + "'"
          + Suggestions.didYouMean(id.name(), network.definedAt.keySet()));
    }
    return node;
  }

  /** Whether the op's first argument can itself be an identifier, as an enum or a boolean. */
  private static boolean takesIdentifierFirst(Op op) {
    return !op.args().isEmpty() && (op.args().get(0).type() instanceof dev.netc.codegen.ops.ArgType.EnumType
        || op.args().get(0).type() instanceof dev.netc.codegen.ops.ArgType.BoolType);
  }

  /**
   * Different values must stay different in the generated Java, where {@code hidden_layer} and
   * {@code hiddenLayer} both become {@code HIDDEN_LAYER} and {@code hiddenLayerForward}.
   */
  private boolean checkGeneratedNames() {
    Map<String, Node> owners = new HashMap<>();
    // identity: a Node record's hashCode walks all its inputs (deep networks: slow, deep stack)
    java.util.Set<Node> reported = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    boolean ok = true;
    for (Node node : nodes) {
      if (node.isInput()) {
        continue;
      }
      for (String identifier : Names.generatedIdentifiers(node)) {
        Node other = owners.putIfAbsent(identifier, node);
        if (other == null || other == node || !reported.add(node)) {
          continue;
        }
        Node at = node.userNamed() || !other.userNamed() ? node : other;
        Node with = at == node ? other : node;
        SourcePos withPos = with.userNamed() ? network.definedAt.get(with.name()) : with.pos();
        diags.error(at.userNamed() ? network.definedAt.get(at.name()) : at.pos(), "name '" + at.name()
            + "' clashes with '" + with.name() + "' (line " + withPos.line()
            + ") in the generated Java, where both become " + identifier + "; rename one");
        ok = false;
      }
    }
    return ok;
  }

  private LossDef loss(LossDecl decl, Node output) {
    Expr e = decl.value();
    NamedCall written = NamedCall.of(e);
    if (written == null) {
      diags.error(e.pos(), "expected a loss name such as softmax_cross_entropy");
      return null;
    }
    String name = written.name();
    List<Arg> args = written.args();
    LossDef loss = Losses.all().get(name);
    if (loss == null) {
      diags.error(e.pos(), "unknown loss '" + name + "'" + orList(name, Losses.all().keySet()));
      return null;
    }
    if (ArgResolver.resolve(name, List.<ArgSpec>of(), args, e.pos(), diags) == null) {
      return null;
    }
    if (output != null && !output.isInput()) {
      String producer = output.opName();
      if (loss.name().equals("softmax_cross_entropy") && producer.equals("softmax")) {
        diags.warning(e.pos(), "softmax_cross_entropy applies softmax itself; remove the softmax at line "
            + output.pos().line() + " so the network outputs logits");
      }
      if (loss.name().equals("kl_divergence") && !producer.equals("log_softmax")) {
        diags.warning(e.pos(), "kl_divergence expects log-probabilities; end the network with log_softmax");
      }
    }
    return loss;
  }

  static String orList(String name, java.util.Collection<String> known) {
    String hint = Suggestions.didYouMean(name, known);
    return hint.isEmpty() ? "; known: " + String.join(", ", known) : hint;
  }

  /** Registers a name of {@code scope}; false (with an error) when it is taken. */
  private boolean define(String name, SourcePos pos, Scope scope) {
    if (!Names.checkValueName(name, pos, diags)) {
      return false;
    }
    SourcePos earlier = scope.definedAt.get(name);
    if (earlier != null) {
      diags.error(pos, "duplicate name '" + name + "': already defined at line " + earlier.line()
          + ", column " + earlier.column());
      return false;
    }
    scope.definedAt.put(name, pos);
    return true;
  }

  /** {@code dense_1}, {@code dense_2}, ...; inside a block call {@code a_dense_1}, .... */
  private String autoName(String op, Scope scope) {
    while (true) {
      int n = scope.autoNameCounters.merge(op, 1, Integer::sum);
      String name = scope.prefix + op + "_" + n;
      if (isFree(name)) {
        takeJavaForms(name);
        return name;
      }
    }
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... when that is taken. */
  private String fresh(String base) {
    String name = base;
    for (int i = 2; !isFree(name); i++) {
      name = base + "_" + i;
    }
    takeJavaForms(name);
    return name;
  }

  private boolean isFree(String name) {
    return !userNames.contains(name) && !takenJavaNames.contains(Names.camel(name))
        && !takenJavaNames.contains(Names.constant(name));
  }

  private void takeJavaForms(String name) {
    takenJavaNames.add(Names.camel(name));
    takenJavaNames.add(Names.constant(name));
  }

  /** Declaration order of the values, for tests and the summary. */
  public Map<String, Node> values() {
    return new LinkedHashMap<>(network.values);
  }
}
