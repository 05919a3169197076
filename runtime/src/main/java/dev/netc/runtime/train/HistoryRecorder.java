package dev.netc.runtime.train;

/** Appends every epoch to the run's {@link History}; first in line, so later listeners see it. */
final class HistoryRecorder implements EpochListener {
  private final History history = new History();

  History history() {
    return history;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    history.add(epoch);
  }
}
