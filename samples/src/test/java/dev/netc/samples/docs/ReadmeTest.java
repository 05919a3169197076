package dev.netc.samples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.samples.docs.DocSnippetsTest.Docs;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/** What a new user copies from the README: the pom, the commands, the pointers to other files. */
class ReadmeTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void theMinimalPomIsACompleteJava17ProjectWithTheBomRuntimePluginAndProcessor() throws Exception {
    Element project = minimalPom().getDocumentElement();
    assertEquals("project", project.getTagName());
    assertEquals("4.0.0", text(project, "modelVersion"));
    // stock Maven 3.8 compiles for Java 5 with maven-compiler-plugin 3.1 unless told otherwise
    assertEquals("17", text(child(project, "properties"), "maven.compiler.release"));
    Element compiler = plugin(project, "org.apache.maven.plugins", "maven-compiler-plugin");
    String compilerVersion = text(compiler, "version");
    assertTrue(compilerVersion.matches("3\\.(\\d\\d|[6-9])(\\..*)?"),
        "maven-compiler-plugin " + compilerVersion + " must be 3.6 or later for release 17");

    Element bom = only(children(child(child(project, "dependencyManagement"), "dependencies"), "dependency"));
    assertEquals("dev.netc", text(bom, "groupId"));
    assertEquals("netc-bom", text(bom, "artifactId"));
    assertEquals("pom", text(bom, "type"));
    assertEquals("import", text(bom, "scope"));
    assertFalse(text(bom, "version").isBlank());

    Element runtime = dependency(project, moduleArtifactId("runtime"));
    assertTrue(children(runtime, "version").isEmpty(), "the BOM gives netc-runtime its version");
    Element annotations = dependency(project, moduleArtifactId("annotations"));
    assertEquals("provided", text(annotations, "scope"), "the annotations are source-retained");
    assertTrue(children(annotations, "version").isEmpty(), "the BOM gives netc-annotations its version");

    Element plugin = plugin(project, "dev.netc", moduleArtifactId("netc-maven-plugin"));
    assertFalse(text(plugin, "version").isBlank());
    assertEquals("generate", plugin.getElementsByTagName("goal").item(0).getTextContent().trim());

    Element path = only(children(child(child(compiler, "configuration"), "annotationProcessorPaths"), "path"));
    assertEquals("dev.netc", text(path, "groupId"));
    assertEquals(moduleArtifactId("annotation-processor"), text(path, "artifactId"));
    assertFalse(text(path, "version").isBlank());
  }

  @Test
  void theProjectSectionSaysJava17IsRequired() throws IOException {
    String section = section(readme(), "## Using it in your project");
    assertTrue(section.contains("Java 17"), section);
  }

  @Test
  void installingTheRepositorySkipsItsTests() throws IOException {
    List<String> installs = readme().lines().filter(l -> l.matches(".*\\bmvn(w)? (-\\S+ )*install\\b.*")).toList();
    assertFalse(installs.isEmpty(), "the README says how to install netc until it is published");
    for (String line : installs) {
      assertTrue(line.contains("-DskipTests"), "installing reruns the whole test suite: " + line);
    }
  }

  @Test
  void theHistoryPlotSaysWhatWritesIt() throws IOException {
    String readme = readme();
    int plot = readme.indexOf("![training history]");
    assertTrue(plot > 0, "the README shows the history plot");
    String before = readme.substring(0, plot).strip();
    String paragraph = before.substring(before.lastIndexOf("\n\n") + 2);
    assertTrue(paragraph.contains("CsvLogger"), paragraph);
  }

  @Test
  void yourOwnDataHasACompiledExampleOfTheTrainingApi() throws IOException {
    String section = section(readme(), "## Training on your own data");
    List<MarkdownBlocks.Block> java = MarkdownBlocks.parse("README.md", section).stream()
        .filter(b -> b.language().equals("java")).toList();
    assertFalse(java.isEmpty(), section);
    String code = java.stream().map(MarkdownBlocks.Block::text).reduce("", String::concat);
    for (String api : List.of("Dataset.classification(", "Dataset.of(", ".evaluate(", "Evaluation ",
        "new CsvLogger(", ".toCsv()", ".summary()")) {
      assertTrue(code.contains(api), "the own-data example shows " + api);
    }
  }

  @Test
  void documentationLinksStayInsideTheRepository() throws IOException {
    Path root = Docs.root();
    List<String> problems = new ArrayList<>();
    for (Path file : allMarkdown(root)) {
      String text = Docs.read(file);
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1).replaceAll("#.*", "");
        if (target.isEmpty() || target.matches("[a-z]+:.*")) {
          continue;
        }
        Path resolved = file.getParent().resolve(target).normalize();
        if (!resolved.startsWith(root) || !Files.exists(resolved)) {
          problems.add(root.relativize(file) + " links to " + link.group(1) + ", which is not in the repository");
        }
      }
    }
    assertEquals(List.of(), problems);
  }

  /**
   * Design notes outside the repository are not there for a reader of a clone: no page, source
   * comment or script may send them there.
   */
  @Test
  void noFileRefersToNotesOutsideTheRepository() throws IOException {
    Path root = Docs.root();
    String outside = "shared" + "/design";  // split, so that this file does not match itself
    List<String> problems = new ArrayList<>();
    for (Path file : textFiles(root)) {
      if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(outside)) {
        problems.add(root.relativize(file) + " refers to " + outside + ", which is not in the repository");
      }
    }
    assertEquals(List.of(), problems);
  }

  private static List<Path> textFiles(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.toString().matches(".*\\.(md|java|net|py|sh|xml|properties|txt)$"))
          .filter(p -> {
            String rel = root.relativize(p).toString();
            return !rel.startsWith(".") && !rel.contains("target/") && !rel.contains("node_modules/")
                && !rel.startsWith("fuzz/");
          })
          .sorted().toList();
    }
  }

  private static List<Path> allMarkdown(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> {
            String rel = root.relativize(p).toString();
            return !rel.startsWith(".") && !rel.contains("target/") && !rel.contains("node_modules/");
          })
          .sorted().toList();
    }
  }

  private static String readme() throws IOException {
    return Docs.read(Docs.root().resolve("README.md"));
  }

  /** From {@code heading} to the next heading of the same level. */
  static String section(String markdown, String heading) {
    int start = markdown.indexOf("\n" + heading);
    assertTrue(start >= 0, "no section " + heading);
    String level = heading.substring(0, heading.indexOf(' ') + 1);
    int end = markdown.indexOf("\n" + level, start + heading.length() + 1);
    return markdown.substring(start + 1, end < 0 ? markdown.length() : end + 1);
  }

  private static Document minimalPom() throws Exception {
    String section = section(readme(), "## Using it in your project");
    MarkdownBlocks.Block pom = only(MarkdownBlocks.parse("README.md", section).stream()
        .filter(b -> b.language().equals("xml") && b.text().contains("<project")).toList());
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(pom.text().getBytes(StandardCharsets.UTF_8)));
  }

  /** The artifactId the module in directory {@code module} really has. */
  private static String moduleArtifactId(String module) throws Exception {
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Docs.root().resolve(module).resolve("pom.xml").toFile());
    return text(pom.getDocumentElement(), "artifactId");
  }

  private static Element dependency(Element project, String artifactId) {
    return only(children(child(project, "dependencies"), "dependency").stream()
        .filter(d -> text(d, "groupId").equals("dev.netc") && text(d, "artifactId").equals(artifactId)).toList());
  }

  private static Element plugin(Element project, String groupId, String artifactId) {
    return only(children(child(child(project, "build"), "plugins"), "plugin").stream()
        .filter(p -> text(p, "groupId").equals(groupId) && text(p, "artifactId").equals(artifactId)).toList());
  }

  private static List<Element> children(Element parent, String tag) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node n = nodes.item(i);
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        found.add(e);
      }
    }
    return found;
  }

  private static Element child(Element parent, String tag) {
    Element e = only(children(parent, tag));
    assertNotNull(e);
    return e;
  }

  private static String text(Element parent, String tag) {
    List<Element> found = children(parent, tag);
    return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
  }

  private static <T> T only(List<T> items) {
    assertEquals(1, items.size(), "expected exactly one, got " + items);
    return items.get(0);
  }
}
