package dev.netc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model file that cannot be loaded into the given model: not a netc file, another format
 * version, another network, another parameter layout, truncated or corrupt. The message names the
 * file and the problem; {@link #problem()} is the problem alone.
 */
public final class ModelFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  /** What is wrong with the file. */
  private final String problem;

  /**
   * A file that cannot be loaded.
   *
   * @param file the file
   * @param problem what is wrong with it, without the file name
   */
  public ModelFileException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file;
    this.problem = problem;
  }

  /**
   * The file that failed to load.
   * @return the file
   */
  public Path file() {
    return file;
  }

  /**
   * What is wrong with it, without the file name.
   * @return the problem
   */
  public String problem() {
    return problem;
  }
}
