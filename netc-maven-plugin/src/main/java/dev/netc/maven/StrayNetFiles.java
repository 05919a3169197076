package dev.netc.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code .net} files that {@code netc:generate} would silently skip: below {@code src/main} but
 * outside its source directory, such as {@code src/main/java/com/acme/Foo.net}. Test directories
 * are not searched; they may hold {@code .net} files as test data.
 */
final class StrayNetFiles {
  /** More warnings than this end in one summary line. */
  static final int MAX_LISTED = 20;

  private StrayNetFiles() {}

  /**
   * One warning per stray file below {@code searchRoot} (normally {@code src/main}), skipping
   * {@code sourceDirectory} and {@code outputDirectory}; empty when {@code searchRoot} is missing.
   */
  static List<String> warnings(Path searchRoot, Path sourceDirectory, Path outputDirectory)
      throws IOException {
    Path root = searchRoot.toAbsolutePath().normalize();
    Path source = sourceDirectory.toAbsolutePath().normalize();
    Path output = outputDirectory.toAbsolutePath().normalize();
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> stray;
    try (Stream<Path> files = Files.walk(root)) {
      stray = files
          .filter(p -> p.getFileName().toString().endsWith(".net") && Files.isRegularFile(p))
          .filter(p -> !p.startsWith(source) && !p.startsWith(output))
          .sorted()
          .toList();
    }
    List<String> warnings = new ArrayList<>();
    for (Path file : stray.subList(0, Math.min(MAX_LISTED, stray.size()))) {
      warnings.add(file + ": not compiled: netc:generate only compiles .net files in " + source
          + "; move it to " + source + "/<package path>/ or set <sourceDirectory> in the"
          + " netc-maven-plugin configuration");
    }
    if (stray.size() > MAX_LISTED) {
      warnings.add("... and " + (stray.size() - MAX_LISTED) + " more .net files outside " + source);
    }
    return warnings;
  }
}
