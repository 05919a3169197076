package dev.netc.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.runtime.Rng;
import java.io.StringReader;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** CSV reading, normalization, one-hot targets and augmentation. */
class DataPreparationTest {
  @Test
  void dataCsvNormalizationOneHotAndAugmentation() throws Exception {
    Dataset d = CsvData.classification(new StringReader("a,b,label\n1,2,0\n3,4,2\n\n5,6,1\n"), true, -1, 3);
    assertEquals(3, d.size());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, d.inputs());
    assertEquals(2, d.label(1));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CsvData.classification(new StringReader("1,x,0\n"), false, 2, 3));
    assertTrue(e.getMessage().contains("line 1, column 2"), e.getMessage());
    Dataset r = CsvData.regression(new StringReader("0.5,1,2\n1.5,3,4\n"), false, 0);
    assertArrayEquals(new float[] {0.5f, 1.5f}, r.targets());

    Normalizer norm = Normalizer.fit(d);
    assertArrayEquals(new float[] {3, 4}, norm.mean());
    norm.apply(d);
    assertEquals(0, d.inputs()[2] + d.inputs()[4] + d.inputs()[0], 1e-6);
    assertArrayEquals(new float[] {0, 1, 1, 0}, Normalizer.oneHot(new int[] {1, 0}, 2));

    ImageAugmentation aug = new ImageAugmentation(1, 3, 3, 1, true, 0);
    float[] img = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    float[] a1 = img.clone();
    float[] a2 = img.clone();
    aug.apply(a1, 1, 9, new Rng(5));
    aug.apply(a2, 1, 9, new Rng(5));
    assertArrayEquals(a1, a2, "seeded");
    float[] flip = img.clone();
    new ImageAugmentation(1, 3, 3, 0, true, 0).apply(flip, 1, 9, new Rng(0));
    assertTrue(Arrays.equals(flip, img) || Arrays.equals(flip, new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}));
    float[] noisy = new float[9];
    new ImageAugmentation(1, 3, 3, 0, false, 0.5).apply(noisy, 1, 9, new Rng(1));
    assertFalse(Arrays.equals(noisy, new float[9]));
  }
}
