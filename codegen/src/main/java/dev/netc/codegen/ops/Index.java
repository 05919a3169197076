package dev.netc.codegen.ops;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An integer index expression for generated code, folded as it is built: a sum of terms {@code
 * factor * coefficient} and a constant. {@code Index.var("oy").times(1).plus(Index.var("ky")).minus(0)}
 * renders as {@code oy + ky}, a loop variable replaced by the constant 0 drops out, and terms with
 * the same factor merge. Terms keep the order they were added in, and the constant stays where it
 * was first added, so the code reads as the emitter wrote it: {@code 1 - kx}, {@code i0 + 26 - arg}.
 *
 * <p>Folding is exact: Java's int {@code +}, {@code -} and {@code *} wrap modulo 2^32, a ring, so
 * any rearrangement gives the same bits as the unfolded expression. Only the constants are
 * checked for overflow, since an index that overflows at build time is a bug.
 *
 * <p>Pass an Index to {@code $L}: it renders through {@link #toString()}.
 */
public final class Index {
  /** A factor that needs no parentheses when multiplied: a name, possibly indexed or called. */
  private static final Pattern ATOM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]*(\\[[^\\[\\]]*\\]|\\([^()]*\\))?");

  /** A factor that can be added without parentheses: names, literals, +, -, *, indexing and calls. */
  private static final Pattern SUMMABLE = Pattern.compile("[A-Za-z0-9_. +*\\-\\[\\]()]+");

  /** A product of names and literals: {@code f * ld}. */
  private static final Pattern PRODUCT = Pattern.compile("[A-Za-z0-9_.]+( \\* [A-Za-z0-9_.]+)*");

  public static final Index ZERO = new Index(List.of(), 0, 0);

  /** {@code factor * coefficient}; the factor is rendered Java (a name, or a product of names). */
  private record Term(String factor, int coefficient) {}

  private final List<Term> terms;
  private final int constant;
  /** How many terms precede the constant when rendered. */
  private final int constantAt;

  private Index(List<Term> terms, int constant, int constantAt) {
    this.terms = List.copyOf(terms);
    this.constant = constant;
    this.constantAt = constant == 0 ? terms.size() : Math.min(constantAt, terms.size());
  }

  /** The constant {@code value}. */
  public static Index of(int value) {
    return new Index(List.of(), value, 0);
  }

  /**
   * A variable or any int-valued Java expression, e.g. {@code oy}, {@code batch} or {@code
   * DENSE_1_WEIGHT}; an expression with operators is parenthesized when multiplied.
   */
  public static Index var(String expression) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("empty index expression");
    }
    return new Index(List.of(new Term(expression.strip(), 1)), 0, 1);
  }

  /** {@code this + other}, folded. */
  public Index plus(Index other) {
    List<Term> sum = new ArrayList<>(terms);
    for (Term t : other.terms) {
      add(sum, t);
    }
    // the constant stays where it first appeared: 1 - kx, not -kx + 1
    int at = constant != 0 ? constantAt : terms.size() + other.constantAt;
    return new Index(sum, Math.addExact(constant, other.constant), at);
  }

  public Index plus(int k) {
    return plus(of(k));
  }

  /** {@code this + expression}: a variable or named constant. */
  public Index plus(String expression) {
    return plus(var(expression));
  }

  /** {@code this - other}, folded. */
  public Index minus(Index other) {
    return plus(other.times(-1));
  }

  public Index minus(int k) {
    return plus(of(Math.negateExact(k)));
  }

  public Index minus(String expression) {
    return minus(var(expression));
  }

  /** {@code this * k}, distributed over the terms: {@code (a * 3 + 1) * 2} is {@code a * 6 + 2}. */
  public Index times(int k) {
    if (k == 0) {
      return ZERO;
    }
    List<Term> scaled = new ArrayList<>(terms.size());
    for (Term t : terms) {
      scaled.add(new Term(t.factor, Math.multiplyExact(t.coefficient, k)));
    }
    return new Index(scaled, Math.multiplyExact(constant, k), constantAt);
  }

  /**
   * {@code this * expression} for a factor only known at run time ({@code f * ld}); a sum is kept
   * in parentheses rather than distributed, so the product reads as written.
   */
  public Index times(String expression) {
    Index factor = var(expression);
    if (isConstant()) {
      return factor.times(constant);
    }
    String named = group(factor.terms.get(0).factor);
    if (terms.size() == 1 && constant == 0) {
      Term t = terms.get(0);
      return new Index(List.of(new Term(t.factor + " * " + named, t.coefficient)), 0, 1);
    }
    return new Index(List.of(new Term("(" + this + ") * " + named, 1)), 0, 1);
  }

  /** Whether the expression is a constant: no variable survived folding. */
  public boolean isConstant() {
    return terms.isEmpty();
  }

  /** Whether the expression is one variable (or named value) by itself: naming it again adds nothing. */
  public boolean isVariable() {
    return terms.size() == 1 && constant == 0 && terms.get(0).coefficient == 1
        && ATOM.matcher(terms.get(0).factor).matches();
  }

  /** The value of a constant expression. */
  public int constant() {
    if (!isConstant()) {
      throw new IllegalStateException(this + " is not a constant");
    }
    return constant;
  }

  private static void add(List<Term> sum, Term t) {
    for (int i = 0; i < sum.size(); i++) {
      Term s = sum.get(i);
      if (s.factor.equals(t.factor)) {
        int c = Math.addExact(s.coefficient, t.coefficient);
        if (c == 0) {
          sum.remove(i);
        } else {
          sum.set(i, new Term(s.factor, c));
        }
        return;
      }
    }
    sum.add(t);
  }

  private static String group(String factor) {
    return ATOM.matcher(factor).matches() || PRODUCT.matcher(factor).matches()
        ? factor : "(" + factor + ")";
  }

  /** The expression as Java source, e.g. {@code b * 784 + ch * 196 + iy * 28 + ix}. */
  @Override
  public String toString() {
    if (terms.isEmpty()) {
      return Integer.toString(constant);
    }
    StringBuilder s = new StringBuilder();
    for (int i = 0; i <= terms.size(); i++) {
      if (i == constantAt && constant != 0) {
        appendSigned(s, constant < 0, Long.toString(Math.abs((long) constant)));
      }
      if (i < terms.size()) {
        Term t = terms.get(i);
        appendSigned(s, t.coefficient < 0, renderTerm(t));
      }
    }
    return s.toString();
  }

  private static String renderTerm(Term t) {
    long magnitude = Math.abs((long) t.coefficient);
    if (magnitude == 1) {
      // a sum may stand in a sum as it is, unless it is subtracted
      return t.coefficient > 0 && SUMMABLE.matcher(t.factor).matches() ? t.factor : group(t.factor);
    }
    return group(t.factor) + " * " + magnitude;
  }

  private static void appendSigned(StringBuilder s, boolean negative, String term) {
    if (s.length() == 0) {
      s.append(negative ? "-" : "").append(term);
    } else {
      s.append(negative ? " - " : " + ").append(term);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Index i && i.constant == constant && i.terms.equals(terms);
  }

  @Override
  public int hashCode() {
    return Objects.hash(terms, constant);
  }
}
