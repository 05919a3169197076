package dev.netc.samples.docs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles the Java snippets of the documentation with the real javac against this module's test
 * class path (runtime, annotations and processor, the generated sample models), so a snippet that
 * names a class, method or variable that does not exist fails the build.
 *
 * <p>A snippet that declares a type at its left margin ({@code public interface XorNet}) is a
 * compilation unit and is compiled as it is. Anything else is a run of statements, with its
 * imports at the top: the statements become the body of a method, in package {@code
 * dev.netc.samples} so that the sample models ({@code FashionMlp}, {@code Xor}) stand in for the
 * reader's own generated class. Each snippet is compiled alone: it cannot use a variable that
 * another snippet declared.
 */
final class JavaSnippets {
  /** The package statement snippets are compiled in, where the generated sample models live. */
  static final String STATEMENTS_PACKAGE = "dev.netc.samples";

  private static final Pattern TYPE_DECLARATION = Pattern.compile(
      "^(?:public\\s+|final\\s+|abstract\\s+|sealed\\s+)*(?:class|interface|enum|record|@interface)\\s+(\\w+)",
      Pattern.MULTILINE);
  private static final Pattern IMPORT = Pattern.compile("^\\s*(import\\s+[\\w.*\\s]+;)\\s*(//.*)?$");
  private static final String PROCESSOR = "dev.netc.processor.NetworkProcessor";

  private JavaSnippets() {}

  /** The compiler's errors for {@code block}, each as {@code file:line: message}; empty when it compiles. */
  static List<String> errors(MarkdownBlocks.Block block, Path workDir) throws IOException {
    Source source = wrap(block);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new IllegalStateException("no system Java compiler: run the tests on a JDK, not a JRE");
    }
    Path classes = Files.createDirectories(workDir.resolve("classes"));
    Path generated = Files.createDirectories(workDir.resolve("generated"));
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
      List<String> options = List.of("-classpath", testClassPath(), "-d", classes.toString(),
          "-s", generated.toString(), "-processor", PROCESSOR, "-implicit:none");
      JavaFileObject unit = new StringSource(source.className(), source.code());
      boolean ok = javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
      List<String> errors = new ArrayList<>();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        if (d.getKind() == Diagnostic.Kind.ERROR) {
          errors.add(place(block, source, d) + ": " + d.getMessage(Locale.ROOT));
        }
      }
      if (!ok && errors.isEmpty()) {
        errors.add(block.where() + ": javac failed without an error message");
      }
      return errors;
    }
  }

  /** The source javac sees, and the line of that source that holds the snippet's first line. */
  record Source(String className, String code, int firstSnippetLine) {}

  static Source wrap(MarkdownBlocks.Block block) {
    String text = block.text();
    Matcher type = TYPE_DECLARATION.matcher(text);
    if (type.find()) {
      return new Source(type.group(1), text, 1);
    }
    // one header line with the package and the imports, then the snippet line for line (its
    // imports blanked), so javac's line numbers map straight back to the Markdown file
    StringBuilder header = new StringBuilder("package " + STATEMENTS_PACKAGE + "; ");
    StringBuilder body = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      Matcher imported = IMPORT.matcher(line);
      if (imported.matches()) {
        header.append(imported.group(1)).append(' '); // without its comment, which would end the line
        body.append('\n');
      } else {
        body.append(line).append('\n');
      }
    }
    String className = "Snippet";
    header.append("class ").append(className).append(" { void run() throws Exception {");
    return new Source(className, header + "\n" + body + "}}\n", 2);
  }

  private static String place(MarkdownBlocks.Block block, Source source, Diagnostic<? extends JavaFileObject> d) {
    if (d.getSource() == null || !d.getSource().getName().endsWith(source.className() + ".java")) {
      return block.where() + " (" + (d.getSource() == null ? "javac" : d.getSource().getName()) + ")";
    }
    long line = block.firstLine() + d.getLineNumber() - source.firstSnippetLine();
    return block.file() + ":" + line;
  }

  /** Surefire runs tests from a manifest-only jar; the real class path is in this property. */
  private static String testClassPath() {
    String path = System.getProperty("surefire.test.class.path");
    return path != null && !path.isBlank() ? path : System.getProperty("java.class.path", "");
  }

  private static final class StringSource extends SimpleJavaFileObject {
    private final String code;

    StringSource(String className, String code) {
      super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
      this.code = code;
    }

    @Override
    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
      return code;
    }
  }
}
