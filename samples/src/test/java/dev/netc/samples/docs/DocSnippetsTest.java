package dev.netc.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every {@code ```java} block of README.md and docs/*.md compiles against the real runtime, so
 * the documentation cannot name a class, method or variable that does not exist. A block opts
 * out with {@code <!-- not compiled: why -->} on the line before it.
 */
class DocSnippetsTest {
  @TempDir Path work;

  @TestFactory
  Stream<DynamicTest> everyJavaSnippetCompiles() throws IOException {
    List<MarkdownBlocks.Block> snippets = new ArrayList<>();
    for (Path file : Docs.markdownFiles()) {
      MarkdownBlocks.parse(Docs.root().relativize(file).toString(), Docs.read(file)).stream()
          .filter(b -> b.language().equals("java") && !b.notCompiled())
          .forEach(snippets::add);
    }
    assertFalse(snippets.isEmpty(), "no Java snippets in README.md and docs/");
    return snippets.stream().map(b -> DynamicTest.dynamicTest(b.where(), () -> {
      List<String> errors = JavaSnippets.errors(b, Files.createTempDirectory(work, "snippet"));
      if (!errors.isEmpty()) {
        fail("the snippet at " + b.where() + " does not compile:\n" + String.join("\n", errors));
      }
    }));
  }

  @Test
  void aSnippetNamingAMissingClassFails() throws IOException {
    List<String> errors = compile("import dev.netc.runtime.data.Dataset;\nDataset d = Datasets.load(\"x\");\n");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("README.md:11: "), errors.toString());
    assertTrue(errors.get(0).contains("Datasets"), errors.toString());
  }

  @Test
  void aSnippetCallingAMissingMethodFails() throws IOException {
    List<String> errors = compile(
        "import dev.netc.runtime.train.Trainer;\n\nFashionMlp model = new FashionMlp();\n"
            + "Trainer.builder(model).build().train();\n");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("README.md:13: "), errors.toString());
    assertTrue(errors.get(0).contains("train()"), errors.toString());
  }

  @Test
  void aSnippetUsingAnUndefinedVariableFails() throws IOException {
    List<String> errors = compile("FashionMlp model = new FashionMlp();\nint label = model.predictClass(pixels);\n");
    assertEquals(1, errors.size(), errors.toString());
    assertTrue(errors.get(0).startsWith("README.md:11: ") && errors.get(0).contains("pixels"), errors.toString());
  }

  @Test
  void aWholeTypeCompilesAsItIsAndRunsTheProcessor() throws IOException {
    String xor = "import dev.netc.annotations.*;\n\n"
        + "@Network(loss = Loss.MSE)\n"
        + "public interface Tiny {\n"
        + "  @Input(2) Layer x();\n"
        + "  @Dense(units = 3) Layer wrong();\n"
        + "  @Dense(units = 1, activation = Activation.SIGMOID) Layer out();\n"
        + "}\n";
    assertEquals(List.of(), compile(xor));
    List<String> errors = compile(xor.replace("units = 3", "unit = 3"));
    assertFalse(errors.isEmpty());
    assertTrue(errors.get(0).startsWith("README.md:15: "), errors.toString());
  }

  @Test
  void markedBlocksAreLeftOut() {
    List<MarkdownBlocks.Block> blocks = MarkdownBlocks.parse("README.md",
        "text\n\n<!-- not compiled: a fragment of a larger method -->\n```java\nundefined();\n```\n\n```java\nx();\n```\n");
    assertEquals(2, blocks.size());
    assertTrue(blocks.get(0).notCompiled());
    assertFalse(blocks.get(1).notCompiled());
    assertEquals(9, blocks.get(1).firstLine());
  }

  /** Compiles {@code text} as a block whose first line is line 10 of README.md. */
  private List<String> compile(String text) throws IOException {
    return JavaSnippets.errors(new MarkdownBlocks.Block("README.md", 10, "java", text, false),
        Files.createTempDirectory(work, "snippet"));
  }

  /** The repository's documentation files. */
  static final class Docs {
    private Docs() {}

    /** The repository root: surefire runs in the module directory, samples/. */
    static Path root() {
      Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
      return Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("samples"))
          ? dir : dir.getParent();
    }

    static List<Path> markdownFiles() throws IOException {
      List<Path> files = new ArrayList<>();
      files.add(root().resolve("README.md"));
      try (Stream<Path> docs = Files.list(root().resolve("docs"))) {
        docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
      }
      return files;
    }

    static String read(Path file) throws IOException {
      return Files.readString(file, StandardCharsets.UTF_8);
    }
  }
}
