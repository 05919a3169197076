package dev.netc.runtime.train;

import dev.netc.runtime.Rng;
import dev.netc.runtime.data.BatchAugmentation;
import dev.netc.runtime.data.Dataset;

/**
 * The training examples in a fresh seeded order every epoch, copied batch by batch into the step's
 * buffers and augmented. Resetting the order before each shuffle makes the two generator states
 * all a resumed run needs.
 */
final class EpochBatches {
  private final Dataset data;
  private final int[] order;
  private final int batchSize;
  private final int batches;
  private final Rng shuffle;
  private final BatchAugmentation augmentation;
  private final Rng augment;

  EpochBatches(Dataset data, int batchSize, Rng shuffle, BatchAugmentation augmentation, Rng augment) {
    this.data = data;
    this.order = new int[data.size()];
    this.batchSize = batchSize;
    this.batches = (data.size() + batchSize - 1) / batchSize;
    this.shuffle = shuffle;
    this.augmentation = augmentation;
    this.augment = augment;
  }

  /** Batches per epoch; the last may be smaller. */
  int count() {
    return batches;
  }

  Rng shuffleRng() {
    return shuffle;
  }

  Rng augmentRng() {
    return augment;
  }

  /** Starts an epoch: the identity order, shuffled. */
  void shuffle() {
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    shuffle.shuffle(order);
  }

  /** Copies batch {@code b} of this epoch into {@code x} and {@code y}; returns its size. */
  int next(int b, float[] x, float[] y) {
    int from = b * batchSize;
    int count = Math.min(batchSize, order.length - from);
    data.copyBatch(order, from, count, x, y);
    if (augmentation != null) {
      augmentation.apply(x, count, data.inputSize(), augment);
    }
    return count;
  }
}
