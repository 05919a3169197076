package dev.netc.codegen.build;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Names;
import dev.netc.codegen.base.Suggestions;

import dev.netc.codegen.ir.Node;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The names one body sees while the graph is built: the network's, or those of one expanded
 * block call. A call gets a fresh scope that holds only the block's parameters, so the caller's
 * names cannot be captured by the body and the body's names cannot leak out (hygiene).
 */
final class Scope {
  /** Start of the names of the layers built here: "" in the network, "a_" inside a = f(...). */
  final String prefix;
  /** The blocks the body can call. */
  final BlockTable blocks;
  /** The block whose body this is, or null for the network. */
  final Block block;

  /** Values by name: inputs, named statements, and block parameters bound to values. */
  final Map<String, Node> values = new HashMap<>();
  /** Block parameters bound to literal arguments: numbers, names such as relu, lists, strings. */
  final Map<String, Expr> literals = new HashMap<>();
  /** Where each name is declared, even when its definition fails. */
  final Map<String, SourcePos> declaredAt = new HashMap<>();
  /** Where each name was defined; a name whose statement failed is defined but has no value. */
  final Map<String, SourcePos> definedAt = new HashMap<>();
  final Map<String, Integer> autoNameCounters = new HashMap<>();
  /** Set when a statement failed: statements chained from it are not checked again. */
  boolean broken;
  /** The name of the value statement being checked, or null. */
  String defining;
  /** The names each named statement of this body mentions, for telling a cycle from a forward use. */
  final Map<String, java.util.Set<String>> mentions = new HashMap<>();

  Scope(String prefix, BlockTable blocks, Block block) {
    this.prefix = prefix;
    this.blocks = blocks;
    this.block = block;
  }

  boolean isNetwork() {
    return block == null;
  }

  /** A parameter of this block call, bound to a value or to a literal. */
  void bindParameter(Ident param, Node value, Expr literal) {
    if (value != null) {
      values.put(param.name(), value);
    } else {
      literals.put(param.name(), literal);
    }
    declaredAt.put(param.name(), param.pos());
    definedAt.put(param.name(), param.pos());
  }

  /** Registers a name defined here; false (with an error) when it is not valid or is taken. */
  boolean define(String name, SourcePos pos, Diagnostics diags) {
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

  /** {@code args} with every parameter bound to a literal replaced by that literal. */
  List<Arg> substitute(List<Arg> args) {
    if (literals.isEmpty()) {
      return args;
    }
    List<Arg> out = new ArrayList<>(args.size());
    for (Arg arg : args) {
      out.add(new Arg(arg.name(), substitute(arg.value()), arg.pos()));
    }
    return out;
  }

  /** The literal a parameter name stands for, inside lists too; other expressions unchanged. */
  Expr substitute(Expr e) {
    if (e instanceof Ident id && literals.containsKey(id.name())) {
      return literals.get(id.name());
    }
    if (e instanceof ListLit list && !literals.isEmpty()) {
      List<Expr> elements = new ArrayList<>(list.elements().size());
      for (Expr element : list.elements()) {
        elements.add(substitute(element));
      }
      return new ListLit(elements, list.pos());
    }
    return e;
  }

  /**
   * Reports a name used where it has no value: before its definition, or in its own definition.
   * Silent after a definition that failed (reported there).
   */
  void notYetDefined(Ident id, Diagnostics diags) {
    if (id.name().equals(defining) && !values.containsKey(id.name())) {
      diags.error(id.pos(), "'" + id.name() + "' is used in its own definition; a value can only use"
          + " values defined before it");
      return;
    }
    if (!definedAt.containsKey(id.name())) {
      SourcePos at = declaredAt.get(id.name());
      List<String> cycle = defining == null ? null : path(id.name(), defining);
      if (cycle != null) {
        diags.error(id.pos(), "values form a cycle: " + defining + " uses " + String.join(" which uses ", cycle)
            + "; a network computes each value once from values before it: feed a state back with a"
            + " recurrent layer (rnn, lstm, gru) instead");
        return;
      }
      diags.error(id.pos(), "'" + id.name() + "' is used before its definition at line " + at.line()
          + "; define values before using them");
    }
  }

  /** The names from {@code from} to {@code to} along what statements mention, or null when none leads there. */
  private List<String> path(String from, String to) {
    java.util.Deque<List<String>> work = new java.util.ArrayDeque<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    work.add(List.of(from));
    while (!work.isEmpty()) {
      List<String> p = work.poll();
      String last = p.get(p.size() - 1);
      if (last.equals(to) && p.size() > 1) {
        return p;
      }
      for (String next : mentions.getOrDefault(last, java.util.Set.of())) {
        if (seen.add(next)) {
          List<String> longer = new ArrayList<>(p);
          longer.add(next);
          work.add(longer);
        }
      }
    }
    return null;
  }

  /** Reports a value name that is neither defined nor declared here, with a "did you mean". */
  void unknownValue(Ident id, Diagnostics diags) {
    diags.error(id.pos(), "unknown value '" + id.name() + "'"
        + Suggestions.didYouMean(id.name(), declaredAt.keySet()));
  }
}
