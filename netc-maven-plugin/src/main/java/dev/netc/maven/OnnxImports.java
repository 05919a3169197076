package dev.netc.maven;

import dev.netc.onnx.ImportedNetwork;
import dev.netc.onnx.OnnxImportException;
import dev.netc.onnx.OnnxImporter;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The import half of {@code netc:import-onnx} without Maven: every {@code **}{@code /*.onnx}
 * under the ONNX directory becomes a {@code .net} file below the net directory (in the package
 * directories of its Java package) and a model file with its weights below the resource directory
 * (the same package path, so it is on the class path next to the generated class). The network is
 * named after the file: {@code fashion_cnn.onnx} → {@code FashionCnn}.
 *
 * <p>Incremental: a stamp file records, per ONNX file, a SHA-256 of its bytes, the name, the
 * package and the importer jar; a file whose stamp is unchanged and whose outputs exist is not
 * imported again, so nothing downstream is rewritten. Outputs of a removed ONNX file are deleted.
 */
final class OnnxImports {
  private static final String HEADER = "# netc:import-onnx stamps v1: onnx<TAB>stamp<TAB>net<TAB>model";

  /**
   * What a run did.
   * @param files the ONNX files found
   * @param imported how many were imported (new or changed)
   * @param deleted outputs of removed ONNX files that were deleted, relative paths
   * @param errors one line per file that could not be imported: its absolute path, then the node at fault
   */
  record Result(int files, int imported, List<String> deleted, List<String> errors) {
    String summary() {
      return "netc: imported " + imported + " of " + files + " .onnx files (" + (files - imported - errors.size())
          + " unchanged)";
    }
  }

  private final Path onnxDirectory;
  private final Path netDirectory;
  private final Path resourceDirectory;
  private final String packageOverride;

  /** @param packageOverride every network's package, or null to derive it from the file's directory */
  OnnxImports(Path onnxDirectory, Path netDirectory, Path resourceDirectory, String packageOverride) {
    this.onnxDirectory = onnxDirectory.toAbsolutePath().normalize();
    this.netDirectory = netDirectory.toAbsolutePath().normalize();
    this.resourceDirectory = resourceDirectory.toAbsolutePath().normalize();
    this.packageOverride = packageOverride;
  }

  /** The stamp file next to the net directory: {@code target/generated-sources/netc-onnx-net-stamps.txt}. */
  Path stampFile() {
    return netDirectory.resolveSibling(netDirectory.getFileName() + "-stamps.txt");
  }

  Result run() throws IOException {
    Map<String, String[]> previous = readStamps();
    Map<String, String[]> current = new TreeMap<>();
    List<String> errors = new ArrayList<>();
    List<Path> files = scan();
    int imported = 0;
    for (Path file : files) {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
        // as netc:generate refuses linked .net files: what the build reads stays inside the directory
        errors.add(file + ": not imported: a symbolic link or not a regular file; put the .onnx file itself"
            + " inside " + onnxDirectory);
        continue;
      }
      String relative = NetGenerator.relativeName(onnxDirectory, file);
      String stem = file.getFileName().toString().replaceFirst("\\.onnx$", "");
      String name = networkName(stem);
      String pkg = packageOverride != null ? packageOverride : JavaPackages.fromRelativePath(relative);
      if (name == null) {
        errors.add(file + ": the file name does not make a network name; name it with letters and digits"
            + " starting with a letter (fashion_cnn.onnx is network FashionCnn)");
        continue;
      }
      if (!JavaPackages.isValid(pkg)) {
        errors.add(file + ": its directory does not make a valid Java package name '" + pkg
            + "'; move it or set <packageName>");
        continue;
      }
      String dir = pkg.isEmpty() ? "" : pkg.replace('.', '/') + "/";
      String netRel = dir + name + ".net";
      String modelRel = dir + name + ".netc";
      String stamp = stamp(file, name, pkg);
      String[] before = previous.get(relative);
      current.put(relative, new String[] {stamp, netRel, modelRel});
      if (before != null && before[0].equals(stamp) && before[1].equals(netRel) && before[2].equals(modelRel)
          && Files.isRegularFile(netDirectory.resolve(netRel)) && Files.isRegularFile(resourceDirectory.resolve(modelRel))) {
        continue;
      }
      try {
        ImportedNetwork net = OnnxImporter.importFile(file, name);
        Files.createDirectories(netDirectory.resolve(netRel).getParent());
        Files.createDirectories(resourceDirectory.resolve(modelRel).getParent());
        net.write(netDirectory.resolve(netRel), resourceDirectory.resolve(modelRel));
        imported++;
      } catch (OnnxImportException e) {
        errors.add(file + ": " + e.getMessage());
        current.remove(relative); // tried again next time; the old outputs go (the build fails anyway)
      }
    }
    List<String> deleted = new ArrayList<>();
    for (Map.Entry<String, String[]> old : previous.entrySet()) {
      String[] now = current.get(old.getKey());
      deleteUnlessKept(netDirectory, old.getValue()[1], now == null ? null : now[1], deleted);
      deleteUnlessKept(resourceDirectory, old.getValue()[2], now == null ? null : now[2], deleted);
    }
    writeStamps(current);
    return new Result(files.size(), imported, List.copyOf(deleted), List.copyOf(errors));
  }

  /** {@code fashion_cnn} → {@code FashionCnn}; null when no type name comes out of it. */
  static String networkName(String stem) {
    StringBuilder name = new StringBuilder();
    for (String part : stem.split("[^A-Za-z0-9]+")) {
      if (!part.isEmpty()) {
        name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
      }
    }
    return name.toString().matches("[A-Z][A-Za-z0-9]*") ? name.toString() : null;
  }

  private List<Path> scan() throws IOException {
    if (!Files.isDirectory(onnxDirectory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(onnxDirectory)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".onnx"))
          .filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .sorted().toList();
    }
  }

  /** The file's bytes, its network's name and package, and the importer that imports it. */
  private static String stamp(Path file, String name, String pkg) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(Files.readAllBytes(file));
      sha.update(("\n" + name + "\n" + pkg + "\n" + importerVersion()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** The importer's jar (size and time): a rebuilt netc-onnx imports every file again. */
  private static String importerVersion() {
    try {
      Path jar = Path.of(OnnxImporter.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return jar + " " + Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
    } catch (IOException | URISyntaxException | RuntimeException e) {
      return "unknown";
    }
  }

  private static void deleteUnlessKept(Path root, String old, String kept, List<String> deleted) throws IOException {
    if (!old.equals(kept) && Files.deleteIfExists(root.resolve(old))) {
      deleted.add(old);
    }
  }

  private Map<String, String[]> readStamps() throws IOException {
    Map<String, String[]> stamps = new TreeMap<>();
    Path file = stampFile();
    if (!Files.isRegularFile(file)) {
      return stamps;
    }
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String[] parts = line.split("\t");
      // outputs are paths this plugin wrote below its own directories; anything else is ignored
      if (!line.startsWith("#") && parts.length == 4 && !parts[2].contains("..") && !parts[3].contains("..")) {
        stamps.put(parts[0], new String[] {parts[1], parts[2], parts[3]});
      }
    }
    return stamps;
  }

  private void writeStamps(Map<String, String[]> stamps) throws IOException {
    if (stamps.isEmpty() && !Files.exists(stampFile())) {
      return;
    }
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    stamps.forEach((onnx, s) -> text.append(onnx).append('\t').append(String.join("\t", s)).append('\n'));
    GeneratedFiles.writeIfChanged(stampFile(), text.toString());
  }
}
