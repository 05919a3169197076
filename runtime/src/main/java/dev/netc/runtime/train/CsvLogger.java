package dev.netc.runtime.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keras' CSVLogger: rewrites {@code file} with {@link History#toCsv()} after every epoch, so the
 * file is complete even if training is killed. With {@code svg} set, also writes {@link
 * History#toSvg()} there.
 */
public final class CsvLogger implements EpochListener {
  private final Path file;
  private final Path svg;

  /**
   * A logger writing the CSV only.
   *
   * @param file the CSV file
   */
  public CsvLogger(Path file) {
    this(file, null);
  }

  /**
   * A logger writing the CSV and the SVG plot.
   *
   * @param file the CSV file
   * @param svg the SVG file, or null
   */
  public CsvLogger(Path file, Path svg) {
    this.file = file;
    this.svg = svg;
  }

  @Override
  public void onEpochEnd(History.Epoch epoch, Trainer trainer) {
    try {
      Files.writeString(file, trainer.history().toCsv(), StandardCharsets.UTF_8);
      if (svg != null) {
        Files.writeString(svg, trainer.history().toSvg(), StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the training history to " + file, e);
    }
  }
}
