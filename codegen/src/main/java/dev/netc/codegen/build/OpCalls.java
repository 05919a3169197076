package dev.netc.codegen.build;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.base.ParamSpec;
import dev.netc.codegen.base.Shape;
import dev.netc.codegen.ir.Node;
import dev.netc.codegen.ops.ArgResolver;
import dev.netc.codegen.ops.ArgType;
import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.Op;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Ident;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one op call to its input: finds the input (an explicit first argument or the chained
 * value), resolves the arguments against the op's schema, runs the op's shape rule, counts its
 * parameters against the limits, and adds the layer's node.
 */
final class OpCalls {
  private final NetworkContext ctx;
  private final Diagnostics diags;
  private final BlockCalls blocks;
  /** Parameters of the layers so far: all of them share one flat float[]. */
  private long totalParameters;

  OpCalls(NetworkContext ctx, BlockCalls blocks) {
    this.ctx = ctx;
    this.diags = ctx.diags;
    this.blocks = blocks;
  }

  /** The op's input and the arguments left for the op once an explicit input is taken out. */
  private record Operand(Node input, List<Arg> args) {}

  /**
   * The layer {@code op} computes from {@code previous} (or from the value its first argument
   * names), or null after reporting why there is none.
   */
  Node apply(Op op, String opName, List<Arg> written, Node previous, LayerName layerName, SourcePos pos,
      Scope scope) {
    if (op.isMerge()) {
      return merge(op, opName, written, previous, layerName, pos, scope);
    }
    ValueArgs values = valueArgs(op, opName, written, scope);
    if (values == null) {
      return null;
    }
    Operand operand = operand(op, values.rest(), previous, scope);
    if (operand == null) {
      return null;
    }
    Node input = operand.input();
    List<Arg> args = scope.substitute(operand.args());
    if (input != null && input.isIntegerInput() && !op.acceptsIntegerInput()) {
      diags.error(pos, opName + ": int input needs embedding first");
      return null;
    }
    Args resolved = ArgResolver.resolve(opName, op.args(), args, pos, diags);
    if (input == null) {
      if (!scope.broken) {
        ctx.noInput(opName, pos);
      }
      return null;
    }
    if (resolved == null || !blocks.countLayer(pos)) {
      return null;
    }
    String name = layerName != null ? layerName.name() : ctx.names.auto(opName, scope);
    Shape shape = op.inferShape(input.shape(), resolved, diags, name);
    if (shape == null) {
      return null;
    }
    resolved = values.checked(op, opName, input.shape(), resolved, diags);
    if (resolved == null) {
      return null;
    }
    List<ParamSpec> params = withinLimits(op, opName, input.shape(), shape, resolved, pos);
    if (params == null) {
      return null;
    }
    List<Node> inputs = new ArrayList<>();
    inputs.add(input);
    inputs.addAll(values.nodes());
    return ctx.add(new Node(ctx.nextId(), name, layerName != null && layerName.user(), op, resolved,
        List.copyOf(inputs), shape, params, pos));
  }

  /**
   * The values an op's value arguments name ({@code initial_state: enc}), in the op's order, and the
   * arguments left for {@link ArgResolver}; null after reporting an argument that names no value.
   */
  private ValueArgs valueArgs(Op op, String opName, List<Arg> written, Scope scope) {
    if (op.valueArgs().isEmpty()) {
      return new ValueArgs(List.of(), List.of(), List.of(), written);
    }
    List<Arg> rest = new ArrayList<>();
    List<Arg> given = new ArrayList<>();
    for (Arg arg : written) {
      boolean value = op.valueArgs().stream().anyMatch(v -> v.name().equals(arg.name()));
      (value ? given : rest).add(arg);
    }
    List<Op.ValueArg> specs = new ArrayList<>();
    List<Node> nodes = new ArrayList<>();
    List<Arg> args = new ArrayList<>();
    for (Op.ValueArg spec : op.valueArgs()) {
      boolean seen = false;
      for (Arg arg : given) {
        if (!arg.name().equals(spec.name())) {
          continue;
        }
        if (seen) {
          diags.error(arg.pos(), opName + ": argument '" + spec.name() + "' given twice");
          return null;
        }
        seen = true;
        if (!(arg.value() instanceof Ident ref) || scope.literals.containsKey(ref.name())) {
          diags.error(arg.value().pos(), opName + ": " + spec.name() + " names an earlier value, as in enc = "
              + opName + "(x, 64); " + opName + "(y, 64, " + spec.name() + ": enc); got " + ArgResolver.show(arg.value()));
          return null;
        }
        Node named = scope.values.get(ref.name());
        if (named == null) {
          if (scope.declaredAt.containsKey(ref.name())) {
            scope.notYetDefined(ref, diags);
          } else {
            scope.unknownValue(ref, diags);
          }
          return null;
        }
        if (named.isIntegerInput()) {
          diags.error(arg.value().pos(), opName + ": " + spec.name() + " " + ref.name()
              + " holds int token ids; an initial state is float: embed it or compute it with a layer first");
          return null;
        }
        specs.add(spec);
        nodes.add(named);
        args.add(arg);
      }
    }
    return new ValueArgs(specs, nodes, args, rest);
  }

  /** An op's value arguments: the specs given, the values they name, their arguments, and the rest. */
  private record ValueArgs(List<Op.ValueArg> specs, List<Node> nodes, List<Arg> args, List<Arg> rest) {

    /**
     * {@code resolved} with each value argument recorded as the name of its value, once every value
     * has the shape the op expects; null after reporting one that does not.
     */
    Args checked(Op op, String opName, Shape input, Args resolved, Diagnostics diags) {
      if (specs.isEmpty()) {
        return resolved;
      }
      Map<String, Object> values = new LinkedHashMap<>(resolved.values());
      Map<String, SourcePos> positions = new LinkedHashMap<>(resolved.positions());
      for (int k = 0; k < specs.size(); k++) {
        String arg = specs.get(k).name();
        Node value = nodes.get(k);
        Shape expected = op.valueArgShape(arg, input, resolved);
        String named = ((Ident) args.get(k).value()).name();
        if (!value.shape().equals(expected)) {
          String project = value.shape().rank() != 1 ? ""
              : "; project it first, e.g. dense(" + named + ", " + expected.size() + ")"
                  + (expected.rank() == 1 ? "" : " -> reshape(" + expected.describe().replace("float", "") + ")");
          diags.error(args.get(k).value().pos(), opName + ": " + arg + " " + named + " is " + value.shape().describe()
              + ", expected " + expected.describe() + ": " + specs.get(k).doc() + project);
          return null;
        }
        values.put(arg, named);
        positions.put(arg, args.get(k).pos());
      }
      return new Args(values, positions, resolved.callPos());
    }
  }

  /**
   * A merge such as {@code add(a, b)}: its inputs are the values its leading arguments name; when
   * it names fewer than it needs, the chained value comes first ({@code x -> add(shortcut)}).
   */
  private Node merge(Op op, String opName, List<Arg> written, Node previous, LayerName layerName,
      SourcePos pos, Scope scope) {
    List<Node> inputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    int taken = 0;
    for (Arg arg : written) {
      if (arg.name() == null && (arg.value() instanceof dev.netc.dsl.ast.Call
          || arg.value() instanceof dev.netc.dsl.ast.Chain)) {
        diags.error(arg.value().pos(), opName + " reads values by name; define this one first with a name,"
            + " e.g. v = " + ArgResolver.show(arg.value()).replaceFirst("^a call to ", "") + "(...);"
            + " then " + opName + "(..., v)");
        return null;
      }
      if (arg.name() != null || !(arg.value() instanceof Ident ref) || scope.literals.containsKey(ref.name())) {
        break;
      }
      Node named = scope.values.get(ref.name());
      if (named == null) {
        if (scope.declaredAt.containsKey(ref.name())) {
          scope.notYetDefined(ref, diags);
        } else {
          scope.unknownValue(ref, diags);
        }
        return null;
      }
      inputs.add(named);
      names.add(ref.name());
      taken++;
    }
    if (inputs.size() < op.minInputs() && previous != null) {
      inputs.add(0, previous);
      names.add(0, previous.name());
    }
    if (inputs.size() < op.minInputs()) {
      if (previous == null && scope.broken) {
        return null;
      }
      diags.error(pos, opName + " merges " + (op.minInputs() == op.maxInputs() ? "exactly " : "at least ")
          + op.minInputs() + " values, got " + inputs.size() + ": write " + opName + "(a, b)"
          + " or a -> " + opName + "(b)");
      return null;
    }
    if (inputs.size() > op.maxInputs()) {
      diags.error(pos, opName + " merges exactly " + op.maxInputs() + " values, got " + inputs.size()
          + " (" + String.join(", ", names) + ")");
      return null;
    }
    if (inputs.size() > Limits.MAX_MERGE_INPUTS) {
      diags.error(pos, opName + " merges " + inputs.size() + " values, more than the " + Limits.MAX_MERGE_INPUTS
          + " one merge can read; merge them in groups (add(add(a, b, ...), add(...)))");
      return null;
    }
    for (int k = 0; k < inputs.size(); k++) {
      if (inputs.get(k).isIntegerInput()) {
        diags.error(pos, opName + ": " + names.get(k) + " holds int token ids; embed it first with embedding(...)");
        return null;
      }
    }
    Args resolved = ArgResolver.resolve(opName, op.args(), scope.substitute(written.subList(taken, written.size())),
        pos, diags);
    if (resolved == null || !blocks.countLayer(pos)) {
      return null;
    }
    String name = layerName != null ? layerName.name() : ctx.names.auto(opName, scope);
    List<Shape> shapes = inputs.stream().map(Node::shape).toList();
    Shape shape = op.inferShape(shapes, names, resolved, diags, name);
    if (shape == null) {
      return null;
    }
    List<ParamSpec> params = withinLimits(op, opName, shapes.get(0), shape, resolved, pos);
    if (params == null) {
      return null;
    }
    return ctx.add(new Node(ctx.nextId(), name, layerName != null && layerName.user(), op, resolved,
        List.copyOf(inputs), shape, params, pos));
  }

  /**
   * The input, which an explicit first argument names, as in dense(hidden, 10), else {@code
   * previous}; null after reporting a first argument that names no value and no argument value.
   */
  private Operand operand(Op op, List<Arg> args, Node previous, Scope scope) {
    if (!args.isEmpty() && args.get(0).name() == null && args.get(0).value() instanceof Ident ref
        && !scope.literals.containsKey(ref.name())) {
      Node named = scope.values.get(ref.name());
      if (named != null) {
        return new Operand(named, args.subList(1, args.size()));
      }
      if (!takesIdentifierFirst(op)) {
        // not an argument value either: a misspelled or undefined input value
        if (scope.declaredAt.containsKey(ref.name())) {
          scope.notYetDefined(ref, diags);
        } else {
          scope.unknownValue(ref, diags);
        }
        return null;
      }
    }
    return new Operand(previous, args);
  }

  /** Whether the op's first argument can itself be an identifier, as an enum or a boolean. */
  private static boolean takesIdentifierFirst(Op op) {
    return !op.args().isEmpty() && (op.args().get(0).type() instanceof ArgType.EnumType
        || op.args().get(0).type() instanceof ArgType.BoolType);
  }

  /**
   * The layer's parameters once its output and parameters fit the limits, which it counts; null
   * after reporting the limit passed.
   */
  private List<ParamSpec> withinLimits(Op op, String opName, Shape input, Shape output, Args args,
      SourcePos pos) {
    if (output.size() > Limits.MAX_ELEMENTS) {
      diags.error(pos, opName + ": output " + output.describe() + " has more than "
          + Limits.MAX_ELEMENTS + " elements per example");
      return null;
    }
    List<ParamSpec> params = op.parameters(input, args);
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
    return params;
  }
}
