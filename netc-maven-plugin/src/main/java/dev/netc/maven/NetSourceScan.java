package dev.netc.maven;

import dev.netc.codegen.imports.ImportResolver.Lookup;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourcePos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code .net} files below the source directory that {@code netc:generate} compiles. Each one
 * must pass the rules an imported file passes ({@link SourceRoots}): once every symbolic link is
 * followed it lies inside the source directory, it is a regular file, and it is no larger than
 * an imported file may be. Otherwise a link named {@code x.net} to {@code /proc/self/environ}
 * would put the build's environment into the syntax errors in its log.
 */
final class NetSourceScan {

  /**
   * @param files the files to compile, sorted by their path relative to the source directory
   * @param refused one error per {@code .net} file that breaks a rule, naming it and the rule
   */
  /** A file that passed, with the text the check read (BOM removed), so it is read once. */
  record Accepted(Path file, String text) {}

  record Result(List<Accepted> files, List<Diagnostic> refused) {}

  private NetSourceScan() {}

  static Result scan(Path sourceDirectory, SourceRoots roots) throws IOException {
    if (!Files.isDirectory(sourceDirectory)) {
      return new Result(List.of(), List.of());
    }
    List<Path> candidates;
    try (Stream<Path> files = Files.walk(sourceDirectory)) { // does not follow directory links
      candidates = files
          .filter(p -> p.getFileName().toString().endsWith(".net"))
          .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .sorted(Comparator.comparing(p -> NetGenerator.relativeName(sourceDirectory, p)))
          .toList();
    }
    List<Accepted> accepted = new ArrayList<>();
    List<Diagnostic> refused = new ArrayList<>();
    for (Path file : candidates) {
      Lookup lookup = roots.find(NetGenerator.relativeName(sourceDirectory, file));
      if (lookup instanceof Lookup.Failed failed) {
        refused.add(new Diagnostic(Diagnostic.Severity.ERROR, SourcePos.of(file.toString(), 0, 0),
            "not compiled: " + failed.reason() + whatToDo(failed.reason()), ""));
      } else if (lookup instanceof Lookup.Found found) {
        accepted.add(new Accepted(file, found.source().text()));
      }
    }
    return new Result(List.copyOf(accepted), List.copyOf(refused));
  }

  /** Advice for the reasons of {@link SourceRoots} that do not carry their own. */
  private static String whatToDo(String reason) {
    if (reason.contains("UTF-8")) {
      return "";
    }
    if (reason.contains("symbolic link")) {
      return "; put the file itself inside the source directory";
    }
    if (reason.contains("bytes")) {
      return "; split it into smaller files joined by import";
    }
    if (reason.contains("relative path") || reason.contains("file name")) {
      return "; rename it without ':' or '\\'";
    }
    return "; replace it with a regular .net file or remove it";
  }
}
