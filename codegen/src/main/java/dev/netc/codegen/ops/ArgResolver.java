package dev.netc.codegen.ops;

import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Suggestions;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.StringLit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches written arguments (positional, then named) against an op's schema: unknown, missing,
 * repeated and ill-typed arguments become diagnostics at the argument's position.
 */
public final class ArgResolver {
  private ArgResolver() {}

  /**
   * @param what the op name as messages should show it
   * @return the arguments, or null when any was wrong (the diagnostics say why)
   */
  public static Args resolve(
      String what, List<ArgSpec> schema, List<Arg> written, SourcePos callPos, Diagnostics diags) {
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, SourcePos> positions = new LinkedHashMap<>();
    boolean ok = true;
    int positional = 0;
    boolean sawNamed = false;
    // arguments that were written but rejected: not "missing" as well
    java.util.Set<String> attempted = new java.util.HashSet<>();
    // an unknown or misplaced argument may be the required one, misspelled: no "missing" then
    boolean unattributed = false;
    for (Arg arg : written) {
      ArgSpec spec;
      if (arg.name() == null) {
        if (sawNamed) {
          diags.error(arg.pos(), what + ": positional argument after a named argument");
          ok = false;
          unattributed = true;
          continue;
        }
        if (positional >= schema.size()) {
          diags.error(arg.pos(), schema.isEmpty() ? what + ": takes no arguments"
              : what + ": too many arguments; it takes at most " + schema.size() + " (" + names(schema) + ")");
          ok = false;
          continue;
        }
        spec = schema.get(positional++);
      } else {
        sawNamed = true;
        spec = schema.stream().filter(s -> s.name().equals(arg.name())).findFirst().orElse(null);
        if (spec == null) {
          List<String> known = schema.stream().map(ArgSpec::name).toList();
          String hint = Suggestions.didYouMean(arg.name(), known);
          diags.error(arg.pos(), what + ": unknown argument '" + arg.name() + "'"
              + (hint.isEmpty() ? "; it takes " + (known.isEmpty() ? "no arguments" : names(schema)) : hint));
          ok = false;
          unattributed = true;
          continue;
        }
      }
      if (!attempted.add(spec.name())) {
        diags.error(arg.pos(), what + ": argument '" + spec.name() + "' given twice");
        ok = false;
        continue;
      }
      if (arg.value() == null) {
        diags.error(arg.pos(), what + ": argument '" + spec.name() + "' has no value");
        ok = false;
        continue;
      }
      if (spec.type() instanceof ArgType.FloatType t && arg.value() instanceof NumberLit n
          && !fitsFloat(n.value()) && n.value() >= t.min() && n.value() <= t.max()) {
        // generated code writes the value as a float literal: 1e39 would be Infinityf
        diags.error(arg.value().pos(), what + ": argument '" + spec.name() + "' is " + n.text()
            + ", beyond the float range (at most " + Float.MAX_VALUE + " in magnitude)");
        ok = false;
        continue;
      }
      Object value = convert(spec.type(), arg.value());
      if (value == null) {
        String hint = spec.type() instanceof ArgType.EnumType t && arg.value() instanceof Ident id
            ? Suggestions.didYouMean(id.name(), t.choices())
            : spec.type() instanceof ArgType.EnumOrIntListType t && arg.value() instanceof Ident id
            ? Suggestions.didYouMean(id.name(), t.choices()) : "";
        String expected = spec.type().describe()
            + (spec.type() instanceof ArgType.IntListType t && t.allowInfer() ? " (one may be -1)" : "");
        diags.error(arg.value().pos(), what + ": argument '" + spec.name() + "' expects "
            + expected + ", got " + show(arg.value()) + hint);
        ok = false;
        continue;
      }
      values.put(spec.name(), value);
      positions.put(spec.name(), arg.pos());
    }
    for (ArgSpec spec : schema) {
      if (!values.containsKey(spec.name())) {
        if (spec.isRequired()) {
          if (!attempted.contains(spec.name()) && !unattributed) {
            diags.error(callPos, what + ": missing argument '" + spec.name() + "' ("
                + spec.type().describe() + ")" + (spec.doc().isEmpty() ? "" : ": " + spec.doc()));
          }
          ok = false;
        } else {
          values.put(spec.name(), spec.defaultValue());
        }
      }
    }
    return ok ? new Args(values, positions, callPos) : null;
  }

  private static String names(List<ArgSpec> schema) {
    return String.join(", ", schema.stream().map(ArgSpec::name).toList());
  }

  /** Whether a written number stays finite as a float (what generated code and the runtime use). */
  static boolean fitsFloat(double v) {
    return Float.isFinite((float) v);
  }

  /** The value as its type wants it, or null when it does not fit. */
  static Object convert(ArgType type, Expr e) {
    if (type instanceof ArgType.IntType t) {
      if (e instanceof NumberLit n && n.integral() && n.value() >= t.min() && n.value() <= t.max()) {
        return (long) n.value();
      }
      return null;
    }
    if (type instanceof ArgType.FloatType t) {
      if (e instanceof NumberLit n && fitsFloat(n.value()) && n.value() >= t.min()
          && (t.maxExclusive() ? n.value() < t.max() : n.value() <= t.max())) {
        return n.value();
      }
      return null;
    }
    if (type instanceof ArgType.BoolType) {
      if (e instanceof Ident id && (id.name().equals("true") || id.name().equals("false"))) {
        return Boolean.parseBoolean(id.name());
      }
      return null;
    }
    if (type instanceof ArgType.EnumType t) {
      return e instanceof Ident id && t.choices().contains(id.name()) ? id.name() : null;
    }
    if (type instanceof ArgType.EnumOrIntListType t) {
      if (e instanceof Ident id) {
        return t.choices().contains(id.name()) ? id.name() : null;
      }
      return convert(new ArgType.IntListType(t.min(), false), e);
    }
    if (type instanceof ArgType.FloatListType t) {
      return floats(t, e);
    }
    ArgType.IntListType t = (ArgType.IntListType) type;
    List<Expr> items = e instanceof ListLit l ? l.elements() : List.of(e);
    List<Integer> out = new ArrayList<>();
    int inferred = 0;
    for (Expr item : items) {
      if (!(item instanceof NumberLit n) || !n.integral()) {
        return null;
      }
      if (t.allowInfer() && n.value() == -1 && inferred++ == 0) {
        out.add(-1);
      } else if (n.value() >= t.min() && n.value() <= Integer.MAX_VALUE) {
        out.add((int) n.value());
      } else {
        return null;
      }
    }
    return out.isEmpty() ? null : out.stream().mapToInt(Integer::intValue).toArray();
  }

  /** A number or a list of numbers, each in range and finite as a float, or null. */
  private static double[] floats(ArgType.FloatListType t, Expr e) {
    List<Expr> items = e instanceof ListLit l ? l.elements() : List.of(e);
    double[] out = new double[items.size()];
    for (int i = 0; i < out.length; i++) {
      if (!(items.get(i) instanceof NumberLit n) || !fitsFloat(n.value()) || n.value() < t.min()) {
        return null;
      }
      out[i] = n.value();
    }
    return out.length == 0 ? null : out;
  }

  /** How a written value appears in messages: {@code 1.5}, {@code 'relux'}, "a list". */
  public static String show(Expr e) {
    if (e instanceof NumberLit n) {
      return n.text();
    }
    if (e instanceof Ident id) {
      return "'" + id.name() + "'";
    }
    if (e instanceof ListLit l) {
      List<String> items = l.elements().stream().map(ArgResolver::show).toList();
      String text = "[" + String.join(", ", items) + "]";
      return text.length() <= 40 ? text : "a list";
    }
    if (e instanceof StringLit) {
      return "a string";
    }
    if (e instanceof Call c) {
      return "a call to " + c.name();
    }
    return "an expression";
  }
}
