package dev.netc.onnx.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tensor operations constant folding evaluates, against values worked out by hand (numpy's rules). */
class FoldingTest {
  private static final long B = Constant.BATCH;

  private static Constant ints(long[] dims, long... v) {
    return Constant.ofLongs(v, dims);
  }

  private static long[] d(long... dims) {
    return dims;
  }

  @Test
  void gatherOfAScalarIndexDropsTheAxisAndKeepsTheBatch() {
    Constant shape = ints(d(4), B, 3, 5, 7);
    Constant batch = Folding.gather(shape, Constant.ofLongs(new long[] {0}), 0);
    assertArrayEquals(new long[0], batch.dims());
    assertArrayEquals(new long[] {B}, batch.longs());
    Constant last = Folding.gather(shape, ints(d(2), -1, 1), 0);
    assertArrayEquals(new long[] {7, 3}, last.longs());
    Constant m = ints(d(2, 3), 1, 2, 3, 4, 5, 6);
    Constant cols = Folding.gather(m, ints(d(2), 2, 0), 1);
    assertArrayEquals(new long[] {2, 2}, cols.dims());
    assertArrayEquals(new long[] {3, 1, 6, 4}, cols.longs());
    assertNull(Folding.gather(shape, ints(d(1), 4), 0), "out of range");
  }

  @Test
  void unsqueezeConcatReshapeSqueeze() {
    Constant scalar = Constant.ofLongs(new long[] {B});
    Constant one = Folding.unsqueeze(scalar, new long[] {0});
    assertArrayEquals(new long[] {1}, one.dims());
    Constant shape = Folding.concat(List.of(one, ints(d(1), -1)), 0);
    assertArrayEquals(new long[] {B, -1}, shape.longs());
    Constant m = Folding.concat(List.of(ints(d(2, 1), 1, 2), ints(d(2, 2), 3, 4, 5, 6)), 1);
    assertArrayEquals(new long[] {2, 3}, m.dims());
    assertArrayEquals(new long[] {1, 3, 4, 2, 5, 6}, m.longs());
    assertArrayEquals(new long[] {3, 2}, Folding.reshape(m, Shapes.resolveReshape(m.dims(), new long[] {-1, 2})).dims());
    assertArrayEquals(new long[] {2}, Folding.squeeze(ints(d(1, 2, 1), 7, 8), null).dims());
    assertNull(Folding.squeeze(ints(d(2)), new long[] {0}), "a dim of 2 is not squeezed");
  }

  @Test
  void sliceWithNegativeBoundsAndSteps() {
    Constant v = ints(d(6), 0, 1, 2, 3, 4, 5);
    Constant tail = Folding.slice(v, Arrays.asList(v, ints(d(1), -2), ints(d(1), Long.MAX_VALUE)));
    assertArrayEquals(new long[] {4, 5}, tail.longs());
    Constant reversed = Folding.slice(v, Arrays.asList(v, ints(d(1), -1), ints(d(1), Long.MIN_VALUE + 1), ints(d(1), 0),
        ints(d(1), -2)));
    assertArrayEquals(new long[] {5, 3, 1}, reversed.longs());
    Constant m = ints(d(2, 3), 1, 2, 3, 4, 5, 6);
    Constant col = Folding.slice(m, Arrays.asList(m, ints(d(1), 1), ints(d(1), 3), ints(d(1), 1)));
    assertArrayEquals(new long[] {2, 3, 5, 6}, col.longs());
  }

  @Test
  void arithmeticBroadcastsAndRefusesTheBatch() {
    Constant a = Constant.ofFloats(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
    Constant row = Constant.ofFloats(new float[] {10, 20, 30}, 3);
    assertArrayEquals(new float[] {11, 22, 33, 14, 25, 36}, Folding.arithmetic("Add", a, row).floats());
    assertArrayEquals(new long[] {3, -1}, Folding.arithmetic("Div", ints(d(2), 7, -3), ints(d(1), 2)).longs(),
        "integer division truncates");
    assertNull(Folding.arithmetic("Mul", ints(d(1), B), ints(d(1), 2)), "the batch size is known at run time only");
    assertNull(Folding.arithmetic("Add", a, Constant.ofFloats(new float[] {1, 2}, 2)), "shapes that do not broadcast");
  }

  @Test
  void transposeCastConstantOfShape() {
    Constant m = ints(d(2, 3), 1, 2, 3, 4, 5, 6);
    Constant t = Folding.transpose(m, null);
    assertArrayEquals(new long[] {3, 2}, t.dims());
    assertArrayEquals(new long[] {1, 4, 2, 5, 3, 6}, t.longs());
    assertArrayEquals(new long[] {B, 2}, Folding.cast(ints(d(2), B, 2), 7).longs(), "int casts keep the batch");
    assertNull(Folding.cast(ints(d(1), B), 1), "no float batch size");
    assertArrayEquals(new float[] {0.5f, 0.5f}, Folding.constantOfShape(ints(d(1), 2),
        Constant.ofFloats(new float[] {0.5f}, 1)).floats());
  }
}
