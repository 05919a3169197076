package dev.netc.runtime.io;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one format version; {@link ModelFile} picks the reader from the header. */
interface ModelFileReader {
  /**
   * Verifies the whole file (checksum, sizes) and that it was written for {@code model}'s name and
   * parameter layout, and returns its contents. Reads the model, never changes it, and allocates
   * nothing from a length it has not checked against the file size.
   */
  ModelFileContents read(WeightLayout model, Path file) throws IOException;
}
