package dev.netc.codegen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.base.Limits;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.imports.InMemorySources;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.codegen.testing.Nets;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Imports resolve only inside the configured source roots: a path that is absolute, climbs above
 * the root, uses backslashes, drive letters, URLs or control characters is refused as text,
 * before any file system sees it, and a symbolic link that leads out of the root is refused after
 * following it. Cycles are reported with the whole chain; a file imported twice is read once.
 */
class ImportsTest {

  static final String MLP_BLOCK = """
      block mlp(x, units) {
        h = dense(x, units, activation: tanh);
        return h;
      }
      """;

  /** In-memory roots that remember which paths were looked up. */
  static final class Recording implements ImportResolver {
    final ImportResolver inner;
    final List<String> lookups = new ArrayList<>();

    Recording(Map<String, String> files) {
      this.inner = new InMemorySources(files);
    }

    @Override
    public String locate(String fileName) {
      return inner.locate(fileName);
    }

    @Override
    public Lookup find(String path) {
      lookups.add(path);
      return inner.find(path);
    }
  }

  private static CompileResult compile(String name, String text, ImportResolver imports) {
    CompileResult r = NetcCompiler.compile(new SourceFile(name, text), "test.imports", imports);
    assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isInternal),
        () -> format(r));
    if (r.hasErrors()) {
      assertTrue(r.sources().isEmpty());
    }
    return r;
  }

  /** "file:line:col message" of each diagnostic. */
  private static List<String> diagnostics(CompileResult r) {
    return r.diagnostics().stream().map(d -> d.pos() + " " + d.message()).toList();
  }

  private static String format(CompileResult r) {
    return r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
  }

  private static String main(String importPath) {
    return "import \"" + importPath + "\";\nnetwork N { input x: float[2]; dense(1); loss mse; }\n";
  }

  // ---- paths are checked as text, before anything is looked up

  static Stream<Arguments> refusedPaths() {
    String outside = " leads outside the source root; imports can only name files inside it";
    String absolute = " is absolute; write it relative to this file, such as \"blocks.net\"";
    String backslash = " contains '\\'; separate directories with '/'";
    String colon = " contains ':'; imports are relative file paths, not URLs";
    return Stream.of(
        Arguments.of("../../../../etc/passwd.net", "\"../../../../etc/passwd.net\"" + outside),
        Arguments.of("sub/../../x.net", "\"sub/../../x.net\"" + outside),
        Arguments.of("../../../../etc/passwd", "\"../../../../etc/passwd\"" + outside),
        Arguments.of("/etc/passwd", "\"/etc/passwd\"" + absolute),
        Arguments.of("/abs/blocks.net", "\"/abs/blocks.net\"" + absolute),
        Arguments.of("C:/Windows/blocks.net",
            "\"C:/Windows/blocks.net\" starts with a drive letter; write it relative to this file"),
        Arguments.of("C:\\Windows\\win.ini", "\"C:\\Windows\\win.ini\"" + backslash),
        Arguments.of("lib\\blocks.net", "\"lib\\blocks.net\"" + backslash),
        Arguments.of("file:///etc/passwd", "\"file:///etc/passwd\"" + colon),
        Arguments.of("https://x.org/blocks.net", "\"https://x.org/blocks.net\"" + colon),
        Arguments.of("lib//blocks.net", "\"lib//blocks.net\" has an empty directory or file name"),
        Arguments.of("lib/", "\"lib/\" has an empty directory or file name"),
        Arguments.of("blocks.txt", "\"blocks.txt\" does not name a .net file"),
        Arguments.of(".net", "\".net\" does not name a .net file"),
        Arguments.of("", "is empty"));
  }

  @ParameterizedTest
  @MethodSource("refusedPaths")
  void pathsThatLeaveTheRootAreRefusedBeforeAnyLookup(String written, String problem) {
    Recording roots = new Recording(Map.of("blocks.net", MLP_BLOCK));
    // the grammar's strings only unescape \\ and \": write each backslash twice
    CompileResult r = compile("Main.net", main(written.replace("\\", "\\\\")), roots);
    assertEquals(List.of("Main.net:1:8 import path " + problem), diagnostics(r));
    assertEquals(List.of(), roots.lookups, "nothing may be looked up for a refused path");
  }

  @Test
  void controlCharactersInPathsAreRefused() {
    for (String path : List.of("blocks.net\u0000.txt", "blo\u0007cks.net", "blocks\u202E.net")) {
      Recording roots = new Recording(Map.of());
      CompileResult r = compile("Main.net", main(path), roots);
      String shown = String.format("U+%04X", (int) path.chars().filter(c -> c < 32 || c == 0x202E)
          .findFirst().orElseThrow());
      assertEquals(List.of("Main.net:1:8 import path contains the control character " + shown),
          diagnostics(r));
      assertEquals(List.of(), roots.lookups);
    }
  }

  @Test
  void refusedPathIsShownWithACaretUnderTheString() {
    CompileResult r = compile("Main.net", main("../secret.net"), new InMemorySources(Map.of()));
    assertEquals("""
        Main.net:1:8: import path "../secret.net" leads outside the source root; imports can only name files inside it
        import "../secret.net";
               ^""", r.diagnostics().get(0).format());
  }

  @Test
  void withoutSourceRootsNothingIsImported() {
    CompileResult r = NetcCompiler.compile(new SourceFile("Main.net", main("blocks.net")), "test.imports");
    assertEquals(List.of("Main.net:1:8 cannot import \"blocks.net\": this compilation has no source roots"
        + " to import from"), diagnostics(r));
  }

  @Test
  void aFileOutsideTheRootsCannotImport() {
    CompileResult r = compile("/elsewhere/Main.net", main("blocks.net"),
        new Recording(Map.of("blocks.net", MLP_BLOCK)));
    assertEquals(List.of("/elsewhere/Main.net:1:8 cannot import \"blocks.net\": /elsewhere/Main.net is not"
        + " inside a source root, so its imports have no directory to be relative to"), diagnostics(r));
  }

  // ---- what imports load

  @Test
  void importedBlockIsUsedAndTheModelCompilesAndTrains() {
    String text = """
        import "layers.net";
        network Imported {
          input x: float[2];
          a = mlp(x, 8);
          mlp(a, 8);
          dense(1);
          loss mse;
          optimizer adam(lr: 0.01);
        }
        """;
    Nets.Built built = Nets.compile("nets/Imported.net", text,
        new InMemorySources(Map.of("nets/layers.net", MLP_BLOCK)));
    // the layer's comment names the file and line it is written in
    assertTrue(built.code().contains("a_h (layers.net:2:7)"), built.code());
    Nets.assertLearnsProduct(built.model());
  }

  @Test
  void pathsAreRelativeToTheImportingFile() {
    Recording roots = new Recording(Map.of(
        "shared/b.net", "import \"c.net\";\nblock b(x) { return c(x, 3); }\n",
        "shared/c.net", "import \"./deeper/../d.net\";\nblock c(x, n) { return d(x) -> dense(n); }\n",
        "shared/d.net", "block d(x) { return x -> relu; }\n"));
    CompileResult r = compile("app/Main.net", """
        import "../shared/b.net";
        network N { input x: float[2]; b(x); loss mse; }
        """, roots);
    assertFalse(r.hasErrors(), () -> format(r));
    assertEquals(List.of("shared/b.net", "shared/c.net", "shared/d.net"), roots.lookups);
  }

  @Test
  void cycleIsReportedWithTheWholeChain() {
    Recording roots = new Recording(Map.of(
        "a.net", "import \"lib/b.net\";\nblock a(x) { return x; }\n",
        "lib/b.net", "import \"../Main.net\";\nblock b(x) { return x; }\n"));
    CompileResult r = compile("Main.net", main("a.net"), roots);
    assertEquals(List.of("lib/b.net:1:8 import cycle: Main.net -> a.net -> lib/b.net -> Main.net"),
        diagnostics(r));
    assertEquals("import \"../Main.net\";", r.diagnostics().get(0).sourceLine(), "quotes b.net's line");

    Recording twoOthers = new Recording(Map.of(
        "a.net", "import \"b.net\";\n", "b.net", "import \"a.net\";\n"));
    assertEquals(List.of("b.net:1:8 import cycle: a.net -> b.net -> a.net"),
        diagnostics(compile("Main.net", main("a.net"), twoOthers)));
  }

  @Test
  void selfImportIsACycle() {
    CompileResult r = compile("Self.net", main("Self.net"), new Recording(Map.of()));
    assertEquals(List.of("Self.net:1:8 import cycle: Self.net -> Self.net"), diagnostics(r));
  }

  @Test
  void missingFileIsReportedAtTheImport() {
    CompileResult r = compile("nets/Main.net", main("blokcs.net"),
        new Recording(Map.of("nets/blocks.net", MLP_BLOCK)));
    assertEquals(List.of("nets/Main.net:1:8 cannot import \"blokcs.net\": there is no file"
        + " nets/blokcs.net in the source roots"), diagnostics(r));
  }

  @Test
  void diamondImportIsLoadedOnce() {
    Recording roots = new Recording(Map.of(
        "left.net", "import \"common.net\";\nblock left(x) { return common(x, 4); }\n",
        "right.net", "import \"common.net\";\nblock right(x) { return common(x, 2); }\n",
        "common.net", "block common(x, n) { return dense(x, n, activation: relu); }\n"));
    CompileResult r = compile("Main.net", """
        import "left.net";
        import "right.net";
        import "left.net";
        network N { input x: float[2]; l = left(x); right(l); dense(1); loss mse; }
        """, roots);
    assertFalse(r.hasErrors(), () -> format(r));
    assertEquals(List.of("left.net", "common.net", "right.net"), roots.lookups);
  }

  @Test
  void importsAreNotTransitive() {
    Recording roots = new Recording(Map.of(
        "a.net", "import \"common.net\";\nblock a(x) { return common(x); }\n",
        "common.net", "block common(x) { return x -> relu; }\n"));
    CompileResult r = compile("Main.net", """
        import "a.net";
        network N { input x: float[2]; common(x); dense(1); loss mse; }
        """, roots);
    assertEquals(List.of("Main.net:2:32 unknown op 'common'"), diagnostics(r));
  }

  @Test
  void blocksOfTheSameNameClash() {
    Map<String, String> files = Map.of(
        "a.net", "block common(x) { return x; }\n",
        "b.net", "block common(x) { return x -> relu; }\n");
    assertEquals(List.of("Main.net:2:8 block 'common' of \"b.net\" clashes with the block of that name"
            + " in \"a.net\"; rename one"),
        diagnostics(compile("Main.net", "import \"a.net\";\nimport \"b.net\";\n"
            + "network N { input x: float[2]; dense(1); loss mse; }\n", new Recording(files))));
    assertEquals(List.of("Main.net:2:7 block 'common' is also declared in \"a.net\" (line 1), which this"
            + " file imports; rename one"),
        diagnostics(compile("Main.net", "import \"a.net\";\nblock common(x) { return x; }\n"
            + "network N { input x: float[2]; dense(1); loss mse; }\n", new Recording(files))));
  }

  @Test
  void syntaxErrorsOfAnImportedFileAreReportedInThatFile() {
    CompileResult r = compile("Main.net", main("broken.net"), new Recording(Map.of(
        "broken.net", "block b(x) {\n  return dense(x, 3)\n}\n")));
    assertEquals(List.of("broken.net:2:21 expected ';' after statement"), diagnostics(r));
    assertEquals("  return dense(x, 3)", r.diagnostics().get(0).sourceLine());
  }

  @Test
  void errorInAnImportedBlockPointsIntoItsFileAndNamesTheCall() {
    CompileResult r = compile("Main.net", """
        import "layers.net";
        network N {
          input image: float[4, 4];
          a = mlp(image, 3);
          loss mse;
        }
        """, new Recording(Map.of("layers.net", MLP_BLOCK)));
    assertEquals(List.of("layers.net:2:7 dense: expected rank-1 input, got float[4, 4]; add flatten"
        + " before a_h (in block mlp called at Main.net:4:7)"), diagnostics(r));
    assertEquals("""
        layers.net:2:7: dense: expected rank-1 input, got float[4, 4]; add flatten before a_h (in block mlp called at Main.net:4:7)
          h = dense(x, units, activation: tanh);
              ^""", r.diagnostics().get(0).format());
  }

  @Test
  void networksOfImportedFilesAreNotGeneratedAgain() {
    CompileResult r = compile("Main.net", main("lib.net"), new Recording(Map.of(
        "lib.net", MLP_BLOCK + "network Demo { input x: float[2]; mlp(x, 2); loss mse; }\n")));
    assertFalse(r.hasErrors(), () -> format(r));
    assertEquals(List.of("N"), r.sources().stream().map(s -> s.simpleName()).toList());
  }

  // ---- limits

  @Test
  void tooLargeImportIsRefused() {
    String big = "// " + "x".repeat((int) Limits.MAX_IMPORTED_FILE_BYTES) + "\n";
    CompileResult r = compile("Main.net", main("big.net"), new Recording(Map.of("big.net", big)));
    assertEquals(List.of("Main.net:1:8 cannot import \"big.net\": it has " + big.length()
        + " bytes, more than the 4194304 a .net file may have"), diagnostics(r));
  }

  @Test
  void importChainsAreBounded() {
    Map<String, String> files = new HashMap<>();
    for (int i = 0; i < 40; i++) {
      files.put("f" + i + ".net", "import \"f" + (i + 1) + ".net\";\n");
    }
    CompileResult r = compile("Main.net", main("f0.net"), new Recording(files));
    assertEquals(List.of("f31.net:1:8 cannot import \"f32.net\": imports are nested more than 32 files deep"),
        diagnostics(r));
  }

  @Test
  void importedFilesAreCounted() {
    Map<String, String> files = new LinkedHashMap<>();
    StringBuilder main = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      files.put("f" + i + ".net", "block b" + i + "(x) { return x; }\n");
      main.append("import \"f").append(i).append(".net\";\n");
    }
    main.append("network N { input x: float[2]; dense(1); loss mse; }\n");
    CompileResult r = compile("Main.net", main.toString(), new Recording(files));
    assertEquals("Main.net:257:8 cannot import \"f256.net\": one compilation may import at most 256 files",
        diagnostics(r).get(0));
    assertEquals(300 - 256, r.diagnostics().size());
  }

  // ---- files on disk

  @Test
  void importsFromDiskNameTheFilesByPath(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("net"));
    Path main = write(root.resolve("dev/app/Main.net"), """
        import "../lib/layers.net";
        network N { input image: float[4, 4]; a = mlp(image, 3); loss mse; }
        """);
    write(root.resolve("dev/lib/layers.net"), MLP_BLOCK);
    CompileResult r = compile(main.toString(), Files.readString(main), SourceRoots.of(root));
    assertEquals(List.of(root.resolve("dev/lib/layers.net") + ":2:7 dense: expected rank-1 input, got"
        + " float[4, 4]; add flatten before a_h (in block mlp called at " + main + ":2:43)"), diagnostics(r));
  }

  @Test
  void symbolicLinksOutOfTheRootAreRefused(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("net"));
    Path outside = Files.createDirectories(dir.resolve("outside"));
    write(outside.resolve("secret.net"), MLP_BLOCK);
    assumeTrue(link(root.resolve("evil.net"), outside.resolve("secret.net")), "no symbolic links here");
    link(root.resolve("lib"), outside);
    Path main = root.resolve("Main.net");
    for (String path : List.of("evil.net", "lib/secret.net")) {
      CompileResult r = compile(main.toString(), main(path), SourceRoots.of(root));
      assertEquals(List.of(main + ":1:8 cannot import \"" + path + "\": it leads outside the source roots"
          + " through a symbolic link"), diagnostics(r));
    }
  }

  @Test
  void symbolicLinksInsideTheRootAreFollowed(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("net"));
    write(root.resolve("real/layers.net"), MLP_BLOCK);
    assumeTrue(link(root.resolve("alias.net"), root.resolve("real/layers.net")), "no symbolic links here");
    Path main = root.resolve("Main.net");
    CompileResult r = compile(main.toString(), """
        import "alias.net";
        network N { input x: float[2]; mlp(x, 2); loss mse; }
        """, SourceRoots.of(root));
    assertFalse(r.hasErrors(), () -> format(r));
  }

  @Test
  void onlyRegularReadableUtf8FilesOfBoundedSizeAreRead(@TempDir Path dir) throws IOException {
    Path root = Files.createDirectories(dir.resolve("net"));
    Files.createDirectories(root.resolve("folder.net"));
    Files.write(root.resolve("latin1.net"), "// caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
    try (RandomAccessFile big = new RandomAccessFile(root.resolve("big.net").toFile(), "rw")) {
      big.setLength(Limits.MAX_IMPORTED_FILE_BYTES + 1); // sparse: nothing is written or read
    }
    Path main = root.resolve("Main.net");
    Map<String, String> expected = Map.of(
        "folder.net", "it is a directory",
        "latin1.net", "it is not valid UTF-8; save it as UTF-8",
        "big.net", "it has 4194305 bytes, more than the 4194304 a .net file may have",
        "missing.net", "there is no file missing.net in the source root " + root);
    expected.forEach((path, reason) -> assertEquals(
        List.of(main + ":1:8 cannot import \"" + path + "\": " + reason),
        diagnostics(compile(main.toString(), main(path), SourceRoots.of(root)))));
  }

  @Test
  void laterRootsAreSearchedToo(@TempDir Path dir) throws IOException {
    Path first = Files.createDirectories(dir.resolve("src/main/net"));
    Path second = Files.createDirectories(dir.resolve("shared"));
    write(second.resolve("layers.net"), MLP_BLOCK);
    Path main = first.resolve("Main.net");
    CompileResult r = compile(main.toString(), """
        import "layers.net";
        network N { input x: float[2]; mlp(x, 2); loss mse; }
        """, SourceRoots.of(first, second));
    assertFalse(r.hasErrors(), () -> format(r));
  }

  private static Path write(Path file, String text) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, text);
  }

  private static boolean link(Path link, Path target) {
    try {
      Files.createSymbolicLink(link, target);
      return true;
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return false;
    }
  }
}
