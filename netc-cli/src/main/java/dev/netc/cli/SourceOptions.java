package dev.netc.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --source-root DIR}: where imports are looked up besides the file's own directory. */
final class SourceOptions {
  @Option(names = "--source-root", paramLabel = "DIR",
      description = "A directory imports resolve in (repeatable), tried before the file's own"
          + " directory: a file below it imports relative to its place there and may climb up to it"
          + " with '..'. The netc library (netc/...) is always there.")
  List<Path> roots = new ArrayList<>();
}
