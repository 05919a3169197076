package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code .net} text and the build output the documentation shows are what netc really
 * compiles and what the plugin really prints: README's networks build without a diagnostic, and
 * the error examples of README.md and docs/errors.md come out of the compiler and {@link
 * MavenDiagnostics} character for character.
 */
class DocumentedNetworksTest {
  /** The first line of a README file excerpt: {@code // src/main/net/com/acme/FashionMlp.net ...}. */
  private static final Pattern FILE_HEADER = Pattern.compile("(?m)^// src/main/net/(\\S+\\.net)\\b.*$");
  private static final Pattern ASSIGNMENT = Pattern.compile("(?m)^\\s*(\\w+)\\s*=[^=]");
  private static final String PROJECT = "/home/me/app/src/main/net/";

  @TempDir Path project;

  @Test
  void readmeNetworksBuildWithoutDiagnostics() throws IOException {
    Map<String, String> files = readmeNetFiles();
    assertTrue(files.size() >= 3, "README shows FashionMlp, layers.net and SmallCnn: " + files.keySet());
    Path src = project.resolve("src/main/net");
    for (Map.Entry<String, String> file : files.entrySet()) {
      Files.createDirectories(src.resolve(file.getKey()).getParent());
      Files.writeString(src.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
    }
    NetGenerator.Result result =
        new NetGenerator(src, project.resolve("generated"), null, NetcCompiler::compile).run();
    assertEquals(List.of(), result.diagnostics().stream().map(MavenDiagnostics::format).toList());
    long networks = files.values().stream().filter(t -> t.contains("network ")).count();
    assertEquals(networks, result.classes());
  }

  @Test
  void readmeNetworksUseEveryValueTheyName() throws IOException {
    List<String> unused = new ArrayList<>();
    for (Map.Entry<String, String> file : readmeNetFiles().entrySet()) {
      String text = file.getValue();
      Matcher assignment = ASSIGNMENT.matcher(text);
      while (assignment.find()) {
        String rest = text.substring(text.indexOf('\n', assignment.start()) + 1);
        if (!Pattern.compile("\\b" + assignment.group(1) + "\\b").matcher(rest).find()) {
          unused.add(file.getKey() + ": " + assignment.group(1) + " is computed but never used");
        }
      }
    }
    assertEquals(List.of(), unused);
  }

  @Test
  void readmeShowsTheErrorMavenPrintsForAMissingFlatten() throws IOException {
    String fashionMlp = readmeNetFiles().get("com/acme/FashionMlp.net");
    String withoutFlatten = fashionMlp.replaceFirst("(?m)^  flatten;.*\\n", "");
    assertFalse(withoutFlatten.equals(fashionMlp), "README's FashionMlp has a flatten line");
    String printed = mavenError(PROJECT + "com/acme/FashionMlp.net", withoutFlatten);
    assertTrue(readme().contains(printed), "README.md should show what Maven prints:\n" + printed);
  }

  @Test
  void errorsCatalogueShowsTheMavenFormOfItsFirstExample() throws IOException {
    String network = "network Mlp {\n  input x: float[4];\n  dnse(10);\n  loss mse;\n}\n";
    String catalogue = Files.readString(root().resolve("docs/errors.md"), StandardCharsets.UTF_8);
    CompileResult own = NetcCompiler.compile(new SourceFile("Example.net", network), "");
    assertTrue(catalogue.contains(own.diagnostics().get(0).format()),
        "docs/errors.md shows the compiler's form:\n" + own.diagnostics().get(0).format());
    String printed = mavenError(PROJECT + "com/acme/Example.net", network);
    assertTrue(catalogue.contains(printed), "docs/errors.md should show what Maven prints:\n" + printed);
  }

  /** The first error of {@code text} as the plugin logs it at level ERROR. */
  private static String mavenError(String file, String text) {
    SourceFile source = new SourceFile(file, text);
    Diagnostic d = NetcCompiler.compile(source, "com.acme").diagnostics().stream()
        .filter(Diagnostic::isError).findFirst().orElseThrow();
    String line = d.sourceLine() == null || d.sourceLine().isEmpty() ? source.line(d.pos().line()) : d.sourceLine();
    return "[ERROR] " + MavenDiagnostics.format(new Diagnostic(d.severity(), d.pos(), d.message(), line));
  }

  /** README's {@code .net} excerpts by path under src/main/net; one block may hold several files. */
  private static Map<String, String> readmeNetFiles() throws IOException {
    Map<String, String> files = new LinkedHashMap<>();
    for (String text : plainBlocks(readme())) {
      Matcher header = FILE_HEADER.matcher(text);
      List<Integer> starts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      while (header.find()) {
        starts.add(header.start());
        names.add(header.group(1));
      }
      if (starts.isEmpty() || starts.get(0) != 0) {
        continue; // not a file excerpt: build output or a fragment
      }
      for (int i = 0; i < starts.size(); i++) {
        int end = i + 1 < starts.size() ? starts.get(i + 1) : text.length();
        files.put(names.get(i), text.substring(starts.get(i), end).strip() + "\n");
      }
    }
    return files;
  }

  /** The fenced blocks without a language (```), in order. */
  private static List<String> plainBlocks(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder current = null;
    boolean plain = false;
    for (String line : markdown.split("\n", -1)) {
      if (line.startsWith("```")) {
        if (current == null) {
          current = new StringBuilder();
          plain = line.strip().equals("```");
        } else {
          if (plain) {
            blocks.add(current.toString());
          }
          current = null;
        }
      } else if (current != null) {
        current.append(line).append('\n');
      }
    }
    return blocks;
  }

  private static String readme() throws IOException {
    return Files.readString(root().resolve("README.md"), StandardCharsets.UTF_8);
  }

  /** The repository root: tests run in the module directory. */
  private static Path root() {
    Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
    return Files.exists(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("docs")) ? dir : dir.getParent();
  }
}
