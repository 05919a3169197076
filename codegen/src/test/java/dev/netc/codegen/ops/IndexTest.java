package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class IndexTest {

  @Test
  void unitFactorsAndZeroOffsetsFoldAway() {
    Index iy = Index.var("oy").times(1).plus(Index.var("ky").times(1)).minus(0);
    assertEquals("oy + ky", iy.toString());
    assertEquals("b", Index.var("b").times(1).plus(0).toString());
  }

  @Test
  void stridesAndPaddingStay() {
    Index iy = Index.var("oy").times(2).plus(Index.var("ky").times(3)).minus(1);
    assertEquals("oy * 2 + ky * 3 - 1", iy.toString());
  }

  @Test
  void aLoopVariableReplacedByZeroDropsOut() {
    Index ch = Index.ZERO;
    Index i = Index.var("xo").plus(ch.times(784)).plus(Index.var("iy").times(28)).plus("ix");
    assertEquals("xo + iy * 28 + ix", i.toString());
  }

  @Test
  void constantsFold() {
    Index c = Index.of(3).times(4).plus(Index.of(2)).minus(14);
    assertTrue(c.isConstant());
    assertEquals(0, c.constant());
    assertEquals("0", c.toString());
    assertEquals("-5", Index.of(-5).toString());
  }

  @Test
  void aLeadingConstantStaysInFront() {
    assertEquals("1 - kx", Index.of(1).minus(Index.var("kx").times(1)).toString());
    assertEquals("29 - kx * 2", Index.of(29).minus(Index.var("kx").times(2)).toString());
    assertEquals("-kx + 1", Index.var("kx").times(-1).plus(1).toString());
  }

  @Test
  void theConstantStaysWhereItWasAdded() {
    assertEquals("i0 + 26 - arg", Index.var("i0").plus(26).minus("arg").toString());
    assertEquals("xo + i0 + 26", Index.var("xo").plus(Index.var("i0").plus(26)).toString());
    assertEquals("oy * 2 + ky - 1", Index.var("oy").times(2).plus("ky").minus(1).toString());
  }

  @Test
  void likeTermsMergeAndCancel() {
    Index k = Index.var("b").times(16).plus("ch").plus(1);
    Index start = Index.var("b").times(16).plus("ch");
    Index count = k.minus(start);
    assertTrue(count.isConstant());
    assertEquals(1, count.constant());
    assertEquals("r * 3", Index.var("r").plus("r").plus("r").toString());
  }

  @Test
  void timesDistributesOverASum() {
    assertEquals("a * 6 + 2", Index.var("a").times(3).plus(1).times(2).toString());
    assertEquals(Index.ZERO, Index.var("a").plus(5).times(0));
  }

  @Test
  void aRunTimeFactorMultipliesAsWritten() {
    assertEquals("f * ld", Index.var("f").times("ld").toString());
    assertEquals("b * ld * 5", Index.var("b").times(5).times("ld").toString());
    assertEquals("(a + 1) * ld", Index.var("a").plus(1).times("ld").toString());
    assertEquals("ld * 4", Index.of(4).times("ld").toString());
  }

  @Test
  void expressionsWithOperatorsAreParenthesizedWhereNeeded() {
    assertEquals("(t - 1) * 8", Index.var("t - 1").times(8).toString());
    assertEquals("x - (t - 1)", Index.var("x").minus("t - 1").toString());
    assertEquals("x + t - 1", Index.var("x").plus("t - 1").toString());
    assertEquals("x + (m > 1 ? a : b)", Index.var("x").plus("m > 1 ? a : b").toString());
    assertEquals("DENSE_1_WEIGHT + id * 8", Index.var("DENSE_1_WEIGHT").plus(Index.var("id").times(8)).toString());
  }

  @Test
  void aVariableByItself() {
    assertTrue(Index.var("ky").plus(0).times(1).isVariable());
    assertFalse(Index.var("ky").plus(1).isVariable());
    assertFalse(Index.var("ky").times(2).isVariable());
    assertFalse(Index.of(3).isVariable());
    assertFalse(Index.var("a - b").isVariable());
  }

  @Test
  void notAConstant() {
    Index v = Index.var("x");
    assertFalse(v.isConstant());
    assertThrows(IllegalStateException.class, v::constant);
    assertThrows(IllegalArgumentException.class, () -> Index.var(" "));
  }

  @Test
  void constantOverflowIsABuildError() {
    assertThrows(ArithmeticException.class, () -> Index.of(1 << 20).times(1 << 12));
  }
}
