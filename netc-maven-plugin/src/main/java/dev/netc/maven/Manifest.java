package dev.netc.maven;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which generated sources came from which {@code .net} file in the previous run, so that sources
 * of a removed file or network can be deleted. One line per generated file: {@code
 * net/relative/path.net<TAB>java/relative/Path.java}, both '/'-separated.
 */
final class Manifest {
  private static final String HEADER = "# netc:generate manifest v1: source<TAB>generated";

  /** .net path → generated .java paths, both relative to their roots; sorted for stable output. */
  private final Map<String, Set<String>> generatedBySource = new TreeMap<>();

  /** The manifest kept next to {@code outputDirectory}: {@code target/generated-sources/netc-manifest.txt}. */
  static Path fileFor(Path outputDirectory) {
    Path abs = outputDirectory.toAbsolutePath().normalize();
    return abs.resolveSibling(abs.getFileName() + "-manifest.txt");
  }

  /** Reads a manifest; a missing file is an empty manifest, unreadable lines are skipped. */
  static Manifest read(Path file) throws IOException {
    Manifest manifest = new Manifest();
    if (!Files.isRegularFile(file)) {
      return manifest;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int tab = line.indexOf('\t');
      if (line.startsWith("#") || tab <= 0 || tab == line.length() - 1) {
        continue;
      }
      manifest.add(line.substring(0, tab), line.substring(tab + 1));
    }
    return manifest;
  }

  void add(String source, String generated) {
    generatedBySource.computeIfAbsent(source, s -> new LinkedHashSet<>()).add(generated);
  }

  /** What {@code source} generated, empty when unknown. */
  Set<String> generatedBy(String source) {
    return Collections.unmodifiableSet(generatedBySource.getOrDefault(source, Set.of()));
  }

  Set<String> allGenerated() {
    Set<String> all = new LinkedHashSet<>();
    generatedBySource.values().forEach(all::addAll);
    return all;
  }

  String render() {
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    generatedBySource.forEach((source, generated) -> generated.stream().sorted()
        .forEach(g -> lines.add(source + '\t' + g)));
    return String.join("\n", lines) + "\n";
  }

  void write(Path file) throws IOException {
    GeneratedFiles.writeIfChanged(file, render());
  }
}
