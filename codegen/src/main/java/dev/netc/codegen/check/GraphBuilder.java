package dev.netc.codegen.check;

import dev.netc.codegen.ir.Graph;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ir.ParamSpec;
import dev.netc.codegen.ir.Shape;
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
  private final Map<String, Node> byName = new HashMap<>();
  private final Map<String, SourcePos> definedAt = new HashMap<>();
  private final Map<String, Integer> autoNameCounters = new HashMap<>();
  private final java.util.Set<String> userNames = new java.util.HashSet<>();
  /** The Java forms (camel case and constant case) of the user names: automatic names avoid them. */
  private final java.util.Set<String> reservedJavaNames = new java.util.HashSet<>();
  /** Where each user name is first declared, even when the declaration later fails. */
  private final Map<String, SourcePos> declaredAt = new HashMap<>();
  /** The first input declaration, or null when the network has none. */
  private InputDecl firstInput;
  /** Set when a statement failed: later statements chained from it are not checked again. */
  private boolean broken;
  /** Parameters of the layers so far: all of them share one flat float[]. */
  private long totalParameters;
  /** The user name of the value statement being checked, or null. */
  private String defining;

  public GraphBuilder(Diagnostics diags) {
    this.diags = diags;
  }

  public Graph build(NetworkDecl net) {
    int errorsBefore = diags.errorCount();
    Names.checkTypeName(net.name(), net.namePos(), diags);
    // user names win over generated ones: reserve them before any layer gets an automatic name
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        userNames.add(in.name());
        declaredAt.putIfAbsent(in.name(), in.pos());
        if (firstInput == null) {
          firstInput = in;
        }
      } else if (m instanceof ValueStmt v && v.name() != null) {
        userNames.add(v.name());
        declaredAt.putIfAbsent(v.name(), v.namePos());
      }
    }
    for (String name : userNames) {
      reservedJavaNames.add(Names.camel(name));
      reservedJavaNames.add(Names.constant(name));
    }
    // without any input every layer would complain; "has no input" below says it once
    broken = firstInput == null;
    Node current = null;
    List<OutputDecl> outputDecls = new ArrayList<>();
    LossDecl lossDecl = null;
    OptimizerDecl optimizerDecl = null;
    TrainingDecl trainingDecl = null;
    for (Member m : net.members()) {
      if (m instanceof InputDecl in) {
        current = input(in);
        broken = current == null;
      } else if (m instanceof ValueStmt v) {
        current = value(v, current);
        broken |= current == null;
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
    if (diags.errorCount() > errorsBefore || output == null || loss == null) {
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
    if (!define(in.name(), in.pos())) {
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
    byName.put(in.name(), node);
    return node;
  }

  private Node value(ValueStmt v, Node previous) {
    // a name that cannot be defined is reported; the chain is still checked, without the name
    String name = v.name() != null && define(v.name(), v.namePos()) ? v.name() : null;
    defining = v.name();
    Node current = previous;
    boolean first = true;
    for (Expr stage : v.chain().stages()) {
      current = stage(stage, current, first, name != null && stage == last(v.chain()) ? name : null);
      first = false;
      if (current == null) {
        break;
      }
    }
    defining = null;
    if (current != null && name != null) {
      byName.put(name, current);
    }
    return current;
  }

  private static Expr last(Chain chain) {
    return chain.stages().get(chain.stages().size() - 1);
  }

  /** One stage of a chain: a reference to a value, or an op applied to the previous value. */
  private Node stage(Expr stage, Node previous, boolean first, String userName) {
    String opName;
    List<Arg> args;
    SourcePos pos = stage.pos();
    if (stage instanceof Ident id) {
      Node named = byName.get(id.name());
      if (named != null) {
        if (!first) {
          diags.error(pos, "'" + id.name() + "' is a value, not an op; a value can only start a chain");
          return null;
        }
        return named;
      }
      if (userNames.contains(id.name()) && OpCatalogue.get(id.name()) == null) {
        notYetDefined(id);
        return null;
      }
      opName = id.name();
      args = List.of();
    } else if (stage instanceof Call call) {
      opName = call.name();
      args = call.args();
    } else {
      diags.error(pos, "expected an op such as dense(10) or a value name here");
      return null;
    }
    Op op = OpCatalogue.get(opName);
    if (op == null) {
      diags.error(pos, "unknown op '" + opName + "'" + Suggestions.didYouMean(opName,
          OpCatalogue.all().keySet()));
      return null;
    }
    // an explicit input: the first positional argument names a value, as in dense(hidden, 10)
    Node input = previous;
    if (!args.isEmpty() && args.get(0).name() == null && args.get(0).value() instanceof Ident ref) {
      Node named = byName.get(ref.name());
      if (named != null) {
        input = named;
        args = args.subList(1, args.size());
      } else if (!takesIdentifierFirst(op)) {
        // not an argument value either: a misspelled or undefined input value
        if (userNames.contains(ref.name())) {
          notYetDefined(ref);
        } else {
          diags.error(ref.pos(), "unknown value '" + ref.name() + "'"
              + Suggestions.didYouMean(ref.name(), declaredAt.keySet()));
        }
        return null;
      }
    }
    if (EmbeddingOp.isIntInput(input) && !(op instanceof EmbeddingOp)) {
      diags.error(pos, opName + ": int input needs embedding first");
      return null;
    }
    Args resolved = ArgResolver.resolve(opName, op.args(), args, pos, diags);
    if (input == null) {
      if (!broken) {
        diags.error(pos, opName + ": no input to apply it to; declare the input (line "
            + firstInput.pos().line() + ") before the layers");
      }
      return null;
    }
    if (resolved == null) {
      return null;
    }
    String name = userName != null ? userName : autoName(opName);
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
    Node node = new Node(nodes.size(), name, userName != null, op, resolved, List.of(input), shape,
        params, pos);
    nodes.add(node);
    return node;
  }

  /** The value an output statement names, or null (reported unless its definition failed). */
  private Node output(OutputDecl out) {
    if (out.names().size() != 1) {
      diags.error(out.pos(), "several outputs are not supported yet; name one value");
      return null;
    }
    Ident id = out.names().get(0);
    Node node = byName.get(id.name());
    if (node == null && !definedAt.containsKey(id.name())) {
      diags.error(id.pos(), "unknown value '" + id.name() + "'"
          + Suggestions.didYouMean(id.name(), definedAt.keySet()));
    }
    return node;
  }

  /**
   * A user name used where it has no value: before its definition (reported), or after a
   * definition that failed (already reported there).
   */
  private void notYetDefined(Ident id) {
    if (id.name().equals(defining) && !byName.containsKey(id.name())) {
      diags.error(id.pos(), "'" + id.name() + "' is used in its own definition; a value can only use values"
          + " defined before it");
      return;
    }
    if (!definedAt.containsKey(id.name())) {
      SourcePos at = declaredAt.get(id.name());
      diags.error(id.pos(), "'" + id.name() + "' is used before its definition at line " + at.line()
          + "; define values before using them");
    }
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
        SourcePos withPos = with.userNamed() ? definedAt.get(with.name()) : with.pos();
        diags.error(at.userNamed() ? definedAt.get(at.name()) : at.pos(), "name '" + at.name()
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

  /** Registers a user name; false (with an error) when it is taken. */
  private boolean define(String name, SourcePos pos) {
    if (!Names.checkValueName(name, pos, diags)) {
      return false;
    }
    SourcePos earlier = definedAt.get(name);
    if (earlier != null) {
      diags.error(pos, "duplicate name '" + name + "': already defined at line " + earlier.line()
          + ", column " + earlier.column());
      return false;
    }
    definedAt.put(name, pos);
    return true;
  }

  private String autoName(String op) {
    while (true) {
      int n = autoNameCounters.merge(op, 1, Integer::sum);
      String name = op + "_" + n;
      if (!userNames.contains(name) && !reservedJavaNames.contains(Names.camel(name))
          && !reservedJavaNames.contains(Names.constant(name))) {
        return name;
      }
    }
  }

  /** Declaration order of the values, for tests and the summary. */
  public Map<String, Node> values() {
    return new LinkedHashMap<>(byName);
  }
}
