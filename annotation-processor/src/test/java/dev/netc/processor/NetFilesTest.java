package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.Compiler;
import com.google.testing.compile.JavaFileObjects;
import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.SourceRoots;
import dev.netc.dsl.SourceFile;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import javax.tools.JavaFileObject;
import javax.tools.StandardLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code @NetFiles} inside javac: where the processor finds {@code .net} files (-Anetc.sourceRoots,
 * the source path, jars on the class path, the bundled library), that it generates what the Maven
 * plugin generates, and that every problem is a javac error naming the {@code .net} place and
 * marking the annotation's path. The files are real files in a temporary directory.
 */
class NetFilesTest {
  private static final String MLP = """
      import "blocks.net";
      network Tiny {
        input x: float[4];
        head(3);
        loss softmax_cross_entropy;
      }
      """;
  private static final String BLOCKS = """
      block head(x, classes) {
        return x -> dense(8, activation: relu) -> dense(classes);
      }
      """;

  @TempDir Path dir;

  private JavaFileObject networks(String... paths) {
    String list = String.join("\", \"", paths);
    return JavaFileObjects.forSourceString("app.Networks", "package app;\n"
        + "import dev.netc.annotations.NetFiles;\n"
        + "@NetFiles({\"" + list + "\"})\n"
        + "final class Networks {}\n");
  }

  private Path write(String root, String path, String text) throws IOException {
    Path file = dir.resolve(root).resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private static Compilation compile(List<String> options, JavaFileObject... files) {
    return Compiler.javac().withProcessors(new NetFilesProcessor()).withOptions(options).compile(files);
  }

  private static String generated(Compilation c, String qualifiedName) throws IOException {
    return c.generatedFile(StandardLocation.SOURCE_OUTPUT, qualifiedName.replace('.', '/') + ".java")
        .orElseThrow(() -> new AssertionError("not generated: " + qualifiedName))
        .getCharContent(true).toString();
  }

  @Test
  void compilesAFileOnTheSourcePathWithItsImportInTheSameDirectory() throws IOException {
    write("net", "com/acme/Tiny.net", MLP);
    write("net", "com/acme/blocks.net", BLOCKS);
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()),
        networks("com/acme/Tiny.net"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "com.acme.Tiny");
    assertTrue(code.startsWith("package com.acme;") || code.contains("\npackage com.acme;"), code);
    assertTrue(code.contains("head_1_dense_1 (blocks.net:"), "the imported block's layer:\n" + code);
  }

  @Test
  void generatesWhatTheMavenPluginGeneratesFromTheSameFile() throws IOException {
    Path tiny = write("net", "com/acme/Tiny.net", MLP);
    write("net", "com/acme/blocks.net", BLOCKS);
    Compilation c = compile(List.of("-Anetc.sourceRoots=" + dir.resolve("net")), networks("com/acme/Tiny.net"));
    assertThat(c).succeededWithoutWarnings();
    // what NetGenerator (netc:generate) does for a file of its source directory
    CompileResult plugin = NetcCompiler.compile(new SourceFile(tiny.toString(), Files.readString(tiny)),
        "com.acme", SourceRoots.of(dir.resolve("net")));
    assertEquals(1, plugin.sources().size());
    assertEquals(plugin.sources().get(0).code(), generated(c, "com.acme.Tiny"));
  }

  @Test
  void theOptionRootsComeFirstAndTheBundledLibraryStillResolves() throws IOException {
    write("net", "com/acme/Seq.net", """
        import "netc/transformer.net";
        network Seq {
          input x: float[6, 8];
          b = transformer_block(8, 2, 16, false);
          loss mse;
        }
        """);
    // a stale copy on the source path must not win over the named root
    write("stale", "com/acme/Seq.net", "network Seq { broken");
    Compilation c = compile(List.of("-Anetc.sourceRoots=" + dir.resolve("net"),
        "-sourcepath", dir.resolve("stale").toString()), networks("com/acme/Seq.net"));
    assertThat(c).succeededWithoutWarnings();
    String code = generated(c, "com.acme.Seq");
    assertTrue(code.contains("b_layernorm_1") && code.contains("b_time_dense_1"), "the library block's layers:\n" + code);
  }

  @Test
  void importsAFileFromAJarOnTheClassPath() throws IOException {
    write("net", "com/acme/Tiny.net", MLP.replace("\"blocks.net\"", "\"../shared/blocks.net\""));
    Path jar = dir.resolve("blocks.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      out.putNextEntry(new JarEntry("com/shared/blocks.net"));
      out.write(BLOCKS.getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    List<File> classpath = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    classpath.add(jar.toFile());
    Compilation c = Compiler.javac().withProcessors(new NetFilesProcessor()).withClasspath(classpath)
        .withOptions("-sourcepath", dir.resolve("net").toString()).compile(networks("com/acme/Tiny.net"));
    assertThat(c).succeededWithoutWarnings();
    // the source path has no blocks.net: the block came from the jar
    String code = generated(c, "com.acme.Tiny");
    assertTrue(code.contains("head_1_dense_1 (blocks.net:"), code);
  }

  @Test
  void aMistakeIsAJavacErrorAtTheNetLineAndColumnWithTheCaretOnTheAnnotation() throws IOException {
    Path broken = write("net", "com/acme/Broken.net", """
        network Broken {
          input x: float[4];
          dense(8, activation: relu);
          dense(2, activaton: relu);
          loss mse;
        }
        """);
    JavaFileObject networks = networks("com/acme/Broken.net");
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), networks);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(broken + ":4:12: ").inFile(networks).onLineContaining("@NetFiles");
    assertThat(c).hadErrorContaining("activaton");
    // the line and a caret under the column (javac indents a message's later lines alike)
    String message = c.errors().get(0).getMessage(null);
    assertTrue(message.matches("(?s).*\n( *)  dense\\(2, activaton: relu\\);\n\\1           \\^$"), message);
  }

  @Test
  void aMistakeInAnImportedFileNamesThatFile() throws IOException {
    write("net", "com/acme/Tiny.net", MLP);
    Path blocks = write("net", "com/acme/blocks.net", BLOCKS.replace("dense(classes)", "dense(clases)"));
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), networks("com/acme/Tiny.net"));
    assertThat(c).failed();
    String line = Files.readAllLines(blocks).get(1);
    assertThat(c).hadErrorContaining(blocks + ":2:" + (line.indexOf("clases") + 1) + ": ");
  }

  @Test
  void aMissingFileSaysWhereItWasLookedFor() {
    JavaFileObject networks = networks("com/acme/Nowhere.net");
    Compilation c = compile(List.of("-Anetc.sourceRoots=" + dir), networks);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining("cannot compile \"com/acme/Nowhere.net\": there is no file com/acme/Nowhere.net in -Anetc.sourceRoots [" + dir + "], on javac's source path or on its class path; put its root directory on -sourcepath")
        .inFile(networks).onLineContaining("Nowhere.net");
  }

  @Test
  void pathsThatLeaveTheRootOrAreNotNetFilesAreRefusedBeforeAnyLookup() {
    JavaFileObject networks = networks("../outside/Net.net", "/abs/Net.net", "com/acme/Net.txt");
    Compilation c = compile(List.of(), networks);
    assertThat(c).hadErrorCount(3);
    assertThat(c).hadErrorContaining("@NetFiles path \"../outside/Net.net\" leads outside the source root");
    assertThat(c).hadErrorContaining("@NetFiles path \"/abs/Net.net\" is absolute");
    assertThat(c).hadErrorContaining("@NetFiles path \"com/acme/Net.txt\" does not name a .net file");
  }

  @Test
  void anUnreadableFileIsAnErrorNamingIt() throws IOException {
    Path file = dir.resolve("net/com/acme/Latin1.net");
    Files.createDirectories(file.getParent());
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write("network Caf\u00e9 {}".getBytes(StandardCharsets.ISO_8859_1));
    }
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), networks("com/acme/Latin1.net"));
    assertThat(c).hadErrorContaining("cannot compile \"com/acme/Latin1.net\": it is not valid UTF-8");
  }

  @Test
  void aSymbolicLinkOutOfTheRootIsRefused() throws IOException {
    Path secret = write("elsewhere", "secret.net", "network Secret {}");
    Path link = dir.resolve("net/com/acme/Link.net");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, secret);
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), networks("com/acme/Link.net"));
    assertThat(c).hadErrorContaining("cannot compile \"com/acme/Link.net\": it leads outside the source"
        + " roots through a symbolic link");
  }

  @Test
  void aFileListedTwiceAndTwoFilesGeneratingOneClassAreErrors() throws IOException {
    write("net", "com/acme/Tiny.net", MLP);
    write("net", "com/acme/blocks.net", BLOCKS);
    write("net", "com/acme/Again.net", MLP);
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()),
        networks("com/acme/Tiny.net", "com/acme/Tiny.net", "com/acme/Again.net"));
    assertThat(c).hadErrorCount(2);
    assertThat(c).hadErrorContaining("\"com/acme/Tiny.net\" is already compiled for @NetFiles on app.Networks");
    assertThat(c).hadErrorContaining("class com.acme.Tiny is already generated from com/acme/Tiny.net");
  }

  @Test
  void aFileDirectlyInTheRootGoesToTheDefaultPackageWithAWarning() throws IOException {
    write("net", "Top.net", MLP.replace("import \"blocks.net\";", "").replace("head(3)", "dense(3)"));
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), networks("Top.net"));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("Top.net: this file is directly in the source root");
    assertEquals(1, c.warnings().size(), c.warnings().toString());
    generated(c, "Tiny");
  }

  @Test
  void anOptionRootThatIsNotADirectoryIsAWarningAndTheOtherPlacesStillServe() throws IOException {
    write("net", "com/acme/Tiny.net", MLP);
    write("net", "com/acme/blocks.net", BLOCKS);
    Path missing = dir.resolve("no-such-dir");
    Compilation c = compile(List.of("-Anetc.sourceRoots=" + missing, "-sourcepath", dir.resolve("net").toString()),
        networks("com/acme/Tiny.net"));
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("-Anetc.sourceRoots: " + missing + " is not a directory");
    generated(c, "com.acme.Tiny");
  }

  @Test
  void onAPackageInfoTheGeneratedClassesOriginateFromThePackage() throws IOException {
    write("net", "com/acme/Tiny.net", MLP);
    write("net", "com/acme/blocks.net", BLOCKS);
    JavaFileObject info = JavaFileObjects.forSourceString("app.package-info",
        "@dev.netc.annotations.NetFiles(\"com/acme/Tiny.net\")\npackage app;\n");
    Compilation c = compile(List.of("-sourcepath", dir.resolve("net").toString()), info);
    assertThat(c).succeededWithoutWarnings();
    generated(c, "com.acme.Tiny");
  }
}
