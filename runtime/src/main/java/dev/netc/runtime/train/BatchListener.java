package dev.netc.runtime.train;

/**
 * The trainer's own per-batch hooks (running metrics, the progress bar), called beside the {@link
 * EpochListener}s. Primitive arguments: a step must not allocate.
 */
interface BatchListener {
  /** Before the first batch of {@code epoch} (1-based). */
  void onEpochStart(int epoch);

  /** After the update of batch {@code batch} (0-based) of {@code count} examples. */
  void onBatchEnd(int batch, int count, double loss);
}
