package dev.netc.spark;

import dev.netc.runtime.Rng;

/**
 * The order of the examples in each epoch, drawn on the driver exactly as the local {@code
 * Trainer} draws it: one generator seeded with the run's seed, and every epoch the identity order
 * shuffled with it. Partitions receive the inverse (each example's position), from which each
 * finds its share of every batch.
 */
final class EpochOrder {
  private final int size;
  private final Rng shuffle;

  EpochOrder(int size, long seed) {
    this.size = size;
    this.shuffle = new Rng(seed);
  }

  /** The generator's state: saved before an epoch's shuffle, it redraws that epoch's order. */
  long state() {
    return shuffle.state();
  }

  void setState(long state) {
    shuffle.setState(state);
  }

  /** Draws the next epoch's order and returns each example's position in it. */
  int[] nextPositions() {
    int[] order = new int[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    shuffle.shuffle(order);
    int[] positionOf = new int[size];
    for (int p = 0; p < size; p++) {
      positionOf[order[p]] = p;
    }
    return positionOf;
  }
}
