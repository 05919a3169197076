package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.base.Limits;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.Diagnostic.Severity;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetGeneratorTest {
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
  private static final Pattern NETWORK = Pattern.compile("network (\\w+)");

  @TempDir Path project;
  Path src;
  Path out;
  final List<String> compiledPackages = new ArrayList<>();

  /**
   * Stands in for NetcCompiler: one class per "network Name", code depending on the whole text;
   * "BAD" is an error at its position (without the quoted line, which the generator fills in);
   * "THROW" makes the compiler throw.
   */
  final NetGenerator.Compiler fake = (source, pkg, imports) -> {
    compiledPackages.add(pkg);
    if (source.text().contains("THROW")) {
      throw new IllegalStateException("boom");
    }
    List<Diagnostic> diagnostics = new ArrayList<>();
    List<String> lines = source.text().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      int col = lines.get(i).indexOf("BAD");
      if (col >= 0) {
        diagnostics.add(new Diagnostic(Severity.ERROR, SourcePos.of(source.name(), i + 1, col + 1),
            "bad thing", ""));
      }
      if (lines.get(i).contains("WARN")) {
        diagnostics.add(new Diagnostic(Severity.WARNING, SourcePos.of(source.name(), i + 1, 1),
            "odd thing", lines.get(i)));
      }
    }
    List<GeneratedSource> sources = new ArrayList<>();
    Matcher m = NETWORK.matcher(source.text());
    while (m.find()) {
      String header = pkg.isEmpty() ? "" : "package " + pkg + ";\n";
      sources.add(new GeneratedSource(pkg, m.group(1),
          header + "// " + source.text().hashCode() + "\nclass " + m.group(1) + " {}\n"));
    }
    return new CompileResult(diagnostics, diagnostics.stream().anyMatch(Diagnostic::isError)
        ? List.of() : sources);
  };

  @BeforeEach
  void dirs() {
    src = project.resolve("src/main/net");
    out = project.resolve("target/generated-sources/netc");
  }

  NetGenerator.Result run() throws Exception {
    return new NetGenerator(src, out, null, fake).run();
  }

  void write(String relative, String text) throws Exception {
    Path file = src.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
  }

  String generated(String relative) throws Exception {
    return Files.readString(out.resolve(relative));
  }

  @Test
  void packageComesFromTheDirectory() throws Exception {
    write("com/acme/Mlp.net", "network Mlp {}");
    write("Top.net", "network Top {}");

    NetGenerator.Result r = run();

    assertEquals(List.of("", "com.acme"), compiledPackages);
    assertTrue(generated("com/acme/Mlp.java").startsWith("package com.acme;\n"));
    assertTrue(generated("Top.java").startsWith("// "));
    assertEquals(2, r.netFiles());
    assertEquals(2, r.classes());
    assertEquals(0, r.unchanged());
    assertEquals(List.of(defaultPackageWarning("Top")), r.diagnostics());
    assertEquals("netc: generated 2 classes from 2 .net files (0 unchanged)", r.summary());
  }

  Diagnostic defaultPackageWarning(String name) {
    String file = src.resolve(name + ".net").toAbsolutePath().normalize().toString();
    return new Diagnostic(Severity.WARNING, SourcePos.of(file, 0, 0), "this file is directly in the"
        + " source directory, so its classes go to the default package, which no other package can"
        + " import; move it to " + src.toAbsolutePath().normalize() + "/<package path>/ (for example"
        + " com/acme/" + name + ".net for package com.acme) or set <packageName> in the"
        + " netc-maven-plugin configuration", "");
  }

  @Test
  void aFileDirectlyInTheSourceDirectoryIsCompiledWithAWarning() throws Exception {
    write("Top.net", "network Top {}");

    NetGenerator.Result r = run();

    assertEquals(List.of(defaultPackageWarning("Top")), r.diagnostics());
    assertEquals(0, r.errorCount());
    assertTrue(Files.exists(out.resolve("Top.java")));
    assertEquals(List.of(), new NetGenerator(src, out, "org.models", fake).run().diagnostics(),
        "with <packageName> the directory does not matter");
  }

  @Test
  void aSymbolicLinkOutOfTheSourceDirectoryIsNotRead() throws Exception {
    Path outside = project.resolve("outside/environ");
    Files.createDirectories(outside.getParent());
    Files.writeString(outside, "SECRET=hunter2 network Leak {}");
    Files.createDirectories(src.resolve("a"));
    Path link = src.resolve("a/x.net");
    try {
      Files.createSymbolicLink(link, outside);
    } catch (UnsupportedOperationException | java.io.IOException e) {
      Assumptions.assumeTrue(false, "this file system cannot make symbolic links: " + e);
    }
    write("a/Fine.net", "network Fine {}");

    NetGenerator.Result r = run();

    assertEquals(List.of("a"), compiledPackages, "only Fine.net reaches the compiler");
    assertEquals(1, r.errorCount(), r.diagnostics().toString());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(link.toAbsolutePath().normalize().toString(), d.pos().file());
    assertEquals("not compiled: it leads outside the source roots through a symbolic link; put the"
        + " file itself inside the source directory", d.message());
    assertFalse(r.diagnostics().toString().contains("hunter2"));
    assertFalse(Files.exists(out.resolve("a/Leak.java")));
    assertEquals(1, r.netFiles());
  }

  @Test
  void aFileAboveTheImportSizeLimitIsNotRead() throws Exception {
    Files.createDirectories(src.resolve("a"));
    byte[] big = new byte[(int) Limits.MAX_IMPORTED_FILE_BYTES + 1];
    java.util.Arrays.fill(big, (byte) ' ');
    Files.write(src.resolve("a/Big.net"), big);

    NetGenerator.Result r = run();

    assertEquals(List.of(), compiledPackages);
    assertEquals(1, r.errorCount());
    assertTrue(r.diagnostics().get(0).pos().file().endsWith("Big.net"));
    assertTrue(r.diagnostics().get(0).message().startsWith("not compiled: it has "
        + big.length + " bytes, more than the"), r.diagnostics().get(0).message());
  }

  @Test
  void aHandWrittenFileInTheOutputDirectoryIsNeverOverwritten() throws Exception {
    write("a/Foo.net", "network Foo {}");
    Path mine = out.resolve("a/Foo.java");
    Files.createDirectories(mine.getParent());
    Files.writeString(mine, "package a; class Foo { /* mine */ }");

    NetGenerator.Result r = run();

    assertEquals("package a; class Foo { /* mine */ }", Files.readString(mine));
    assertEquals(1, r.errorCount());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(src.resolve("a/Foo.net").toAbsolutePath().normalize().toString(), d.pos().file());
    assertEquals("class a.Foo would overwrite " + mine.toAbsolutePath().normalize() + ", which netc"
        + " did not generate; rename the network, or give netc an <outputDirectory> of its own (the"
        + " default is target/generated-sources/netc)", d.message());
    assertFalse(Manifest.read(Manifest.fileFor(out)).allGenerated().contains("a/Foo.java"),
        "the hand-written file must not become deletable as stale");
  }

  @Test
  void aFileMarkedAsGeneratedByNetcIsReplaced() throws Exception {
    write("a/Foo.net", "network Foo {}");
    Path old = out.resolve("a/Foo.java");
    Files.createDirectories(old.getParent());
    Files.writeString(old, "package a;\n@Generated(\"" + NetcCompiler.class.getName()
        + "\")\nclass Foo {}\n");

    NetGenerator.Result r = run();

    assertEquals(List.of(), r.diagnostics());
    assertTrue(Files.readString(old).contains("class Foo {}\n"));
    assertFalse(Files.readString(old).contains("@Generated"), "rewritten by the (fake) compiler");
  }

  @Test
  void packageNameOverridesTheDirectory() throws Exception {
    write("com/acme/Mlp.net", "network Mlp {}");

    new NetGenerator(src, out, "org.models", fake).run();

    assertEquals(List.of("org.models"), compiledPackages);
    assertTrue(generated("org/models/Mlp.java").startsWith("package org.models;\n"));
  }

  @Test
  void onlyNetFilesAreCompiled() throws Exception {
    write("a/Mlp.net", "network Mlp {}");
    write("a/notes.txt", "network Nope {}");
    write("a/Mlp.net.bak", "network Bak {}");

    assertEquals(1, run().netFiles());
    assertFalse(Files.exists(out.resolve("a/Nope.java")));
  }

  @Test
  void rerunWithoutChangesKeepsTimestamps() throws Exception {
    write("a/Two.net", "network A {}\nnetwork B {}");
    run();
    Files.setLastModifiedTime(out.resolve("a/A.java"), LONG_AGO);
    Files.setLastModifiedTime(out.resolve("a/B.java"), LONG_AGO);

    NetGenerator.Result r = run();

    assertEquals("netc: generated 2 classes from 1 .net files (2 unchanged)", r.summary());
    assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve("a/A.java")));
    assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve("a/B.java")));
  }

  @Test
  void editingOneFileRewritesOnlyItsClasses() throws Exception {
    write("a/One.net", "network One {}");
    write("a/Two.net", "network Two {}");
    run();
    String before = generated("a/One.java");
    Files.setLastModifiedTime(out.resolve("a/One.java"), LONG_AGO);
    Files.setLastModifiedTime(out.resolve("a/Two.java"), LONG_AGO);

    write("a/One.net", "network One { dense(64); }");
    NetGenerator.Result r = run();

    assertEquals(1, r.unchanged());
    assertFalse(before.equals(generated("a/One.java")));
    assertTrue(Files.getLastModifiedTime(out.resolve("a/One.java")).compareTo(LONG_AGO) > 0);
    assertEquals(LONG_AGO, Files.getLastModifiedTime(out.resolve("a/Two.java")));
  }

  @Test
  void removedNetFileDeletesItsSourcesAndEmptyDirectories() throws Exception {
    write("gone/deep/Old.net", "network Old {}");
    write("a/Kept.net", "network Kept {}");
    run();
    assertTrue(Files.exists(out.resolve("gone/deep/Old.java")));

    Files.delete(src.resolve("gone/deep/Old.net"));
    NetGenerator.Result r = run();

    assertEquals(List.of("gone/deep/Old.java"), r.deleted());
    assertFalse(Files.exists(out.resolve("gone")));
    assertTrue(Files.exists(out.resolve("a/Kept.java")));
    assertEquals(Set.of("a/Kept.java"),
        Manifest.read(Manifest.fileFor(out)).allGenerated());
  }

  @Test
  void renamedNetworkDeletesTheOldClass() throws Exception {
    write("a/M.net", "network Before {}");
    run();
    write("a/M.net", "network After {}");

    NetGenerator.Result r = run();

    assertEquals(List.of("a/Before.java"), r.deleted());
    assertTrue(Files.exists(out.resolve("a/After.java")));
    assertFalse(Files.exists(out.resolve("a/Before.java")));
  }

  @Test
  void filesNotInTheManifestAreLeftAlone() throws Exception {
    Files.createDirectories(out.resolve("a"));
    Files.writeString(out.resolve("a/Handwritten.java"), "class Handwritten {}");
    write("a/M.net", "network M {}");
    run();
    Files.delete(src.resolve("a/M.net"));

    run();

    assertTrue(Files.exists(out.resolve("a/Handwritten.java")));
    assertFalse(Files.exists(out.resolve("a/M.java")));
  }

  @Test
  void manifestLivesNextToTheOutputDirectory() throws Exception {
    write("a/M.net", "network M {}");
    run();

    Path manifest = project.resolve("target/generated-sources/netc-manifest.txt");
    assertEquals(manifest, Manifest.fileFor(out));
    assertTrue(Files.readString(manifest).contains("a/M.net\ta/M.java\n"));
  }

  @Test
  void errorsNameTheAbsoluteFileAndQuoteTheLine() throws Exception {
    write("a/Broken.net", "network Broken {\n  dense(12, BAD: relu);\n}\n");

    NetGenerator.Result r = run();

    Path abs = src.resolve("a/Broken.net").toAbsolutePath().normalize();
    assertEquals(1, r.errorCount());
    Diagnostic d = r.diagnostics().get(0);
    assertEquals(SourcePos.of(abs.toString(), 2, 13), d.pos());
    assertEquals("  dense(12, BAD: relu);", d.sourceLine());
    assertEquals(abs + ":[2,13] bad thing\n  dense(12, BAD: relu);\n            ^",
        MavenDiagnostics.format(d));
    assertEquals("netc: generated 0 classes from 1 .net files (0 unchanged)", r.summary());
  }

  @Test
  void warningsDoNotStopGeneration() throws Exception {
    write("a/W.net", "network W { WARN }");

    NetGenerator.Result r = run();

    assertEquals(0, r.errorCount());
    assertEquals(1, r.diagnostics().size());
    assertTrue(Files.exists(out.resolve("a/W.java")));
  }

  @Test
  void fileWithErrorsKeepsItsPreviousOutput() throws Exception {
    write("a/M.net", "network M {}");
    run();
    String before = generated("a/M.java");

    write("a/M.net", "network M { BAD }");
    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    assertEquals(List.of(), r.deleted());
    assertEquals(before, generated("a/M.java"));
    assertEquals(Set.of("a/M.java"), Manifest.read(Manifest.fileFor(out)).allGenerated());
  }

  @Test
  void compilerExceptionBecomesOneErrorNamingTheFile() throws Exception {
    write("a/Boom.net", "network Boom { THROW }");
    write("a/Fine.net", "network Fine {}");

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    String message = MavenDiagnostics.format(r.diagnostics().get(0));
    assertEquals(src.resolve("a/Boom.net").toAbsolutePath().normalize()
        + ": netc internal error while compiling this file: java.lang.IllegalStateException: boom",
        message);
    assertTrue(Files.exists(out.resolve("a/Fine.java")), "other files still generate");
  }

  @Test
  void directoryThatIsNotAPackageIsAnError() throws Exception {
    write("my-models/M.net", "network M {}");

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    assertTrue(r.diagnostics().get(0).message().contains("<packageName>"));
    assertEquals(List.of(), compiledPackages);
  }

  @Test
  void directoriesWithInvisibleCharactersAreNotPackages() throws Exception {
    // a\u200Bb and ab would both be javac's package ab; U+202E reorders how the source reads
    write("a\u200Bb/One.net", "network One {}");
    write("c\u202Ed/Two.net", "network Two {}");

    NetGenerator.Result r = run();

    assertEquals(2, r.errorCount());
    List<String> messages = r.diagnostics().stream().map(Diagnostic::message).sorted().toList();
    assertEquals("the directory a\\u200Bb does not make a valid Java package name 'a\\u200Bb' (it contains"
        + " the invisible character U+200B); rename it or set <packageName> in the netc-maven-plugin"
        + " configuration", messages.get(0));
    assertTrue(messages.get(1).contains("'c\\u202Ed' (it contains the invisible character U+202E)"),
        messages.get(1));
    assertEquals(List.of(), compiledPackages);
  }

  @Test
  void directoryUnderJavaIsNotAPackage() throws Exception {
    write("java/models/M.net", "network M {}");

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    assertTrue(r.diagnostics().get(0).message().contains(
        "'java.models' (packages under java. belong to the JDK)"), r.diagnostics().get(0).message());
    assertEquals(List.of(), compiledPackages);
  }

  @Test
  void fileOverTheSizeLimitIsAnErrorBeforeItIsRead() throws Exception {
    Files.createDirectories(src.resolve("a"));
    Path big = src.resolve("a/Big.net");
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
      f.setLength(200L << 20); // 200 MB of NUL, sparse: once an OutOfMemoryError without a file name
    }

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    String name = big.toAbsolutePath().normalize().toString();
    assertEquals(name, r.diagnostics().get(0).pos().file());
    // the scan applies the import rules before anything is read (NetSourceScan)
    assertEquals("not compiled: it has 209715200 bytes, more than the 4194304 a .net file may have;"
        + " split it into smaller files joined by import", r.diagnostics().get(0).message());
    assertEquals(List.of(), compiledPackages);
  }

  @Test
  void sameClassFromTwoFilesIsAnError() throws Exception {
    write("a/One.net", "network Same {}");
    write("a/Two.net", "network Same {}");

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    assertTrue(r.diagnostics().get(0).pos().file().endsWith("Two.net"));
    assertTrue(r.diagnostics().get(0).message().contains("a.Same is already generated from a/One.net"));
  }

  @Test
  void invalidUtf8IsAnError() throws Exception {
    Files.createDirectories(src.resolve("a"));
    Files.write(src.resolve("a/Latin1.net"), "network Caf\u00e9 {}".getBytes(StandardCharsets.ISO_8859_1));

    NetGenerator.Result r = run();

    assertEquals(1, r.errorCount());
    assertTrue(r.diagnostics().get(0).message().contains("UTF-8"));
  }

  @Test
  void byteOrderMarkIsIgnored() throws Exception {
    write("a/Bom.net", "\uFEFFnetwork Bom {}");
    List<SourceFile> seen = new ArrayList<>();

    new NetGenerator(src, out, null, (source, pkg, imports) -> {
      seen.add(source);
      return fake.compile(source, pkg, imports);
    }).run();

    assertEquals("network Bom {}", seen.get(0).text());
    assertEquals(src.resolve("a/Bom.net").toAbsolutePath().normalize().toString(), seen.get(0).name());
  }

  @Test
  void missingSourceDirectoryGeneratesNothing() throws Exception {
    NetGenerator.Result r = run();

    assertEquals("netc: generated 0 classes from 0 .net files (0 unchanged)", r.summary());
    assertFalse(Files.exists(out));
    assertFalse(Files.exists(Manifest.fileFor(out)));
  }

  // ---- imports, with the real compiler

  static final String LAYERS = """
      block mlp(x, units) {
        h = dense(x, units, activation: relu);
        return h;
      }
      """;

  static final String APP = """
      import "../lib/layers.net";
      network App {
        input x: float[4];
        a = mlp(x, 8);
        dense(2);
        loss mse;
      }
      """;

  NetGenerator.Result runReal() throws Exception {
    return new NetGenerator(src, out, null, NetcCompiler::compile).run();
  }

  @Test
  void importsResolveInTheSourceDirectoryAndEditingABlockRegeneratesItsUsers() throws Exception {
    write("dev/lib/layers.net", LAYERS);
    write("dev/app/App.net", APP);

    NetGenerator.Result first = runReal();
    assertEquals(List.of(), first.diagnostics());
    assertEquals("netc: generated 1 classes from 2 .net files (0 unchanged)", first.summary());
    String before = generated("dev/app/App.java");
    assertTrue(before.contains("a_h (layers.net:2:7)"), before);

    assertEquals("netc: generated 1 classes from 2 .net files (1 unchanged)", runReal().summary());

    write("dev/lib/layers.net", LAYERS.replace("activation: relu", "activation: tanh"));
    NetGenerator.Result edited = runReal();
    assertEquals("netc: generated 1 classes from 2 .net files (0 unchanged)", edited.summary());
    assertTrue(generated("dev/app/App.java").contains("dense + tanh"), "the importer follows the block");
  }

  @Test
  void theKernelDecisionsComeWithTheResult() throws Exception {
    write("dev/app/Xor.net", """
        network Xor {
          input x: float[2];
          dense(4, activation: tanh);
          dense(1, activation: sigmoid);
          loss mse;
        }
        """);

    NetGenerator.Result r = runReal();

    assertEquals(List.of("Xor.dense_1 (dense + tanh, 2x4): unrolled (8 MACs)",
        "Xor.dense_2 (dense + sigmoid, 4x1): unrolled (4 MACs)"), r.kernels());
    assertEquals(List.of(), run().kernels(), "a compiler without a plan reports none");
  }

  @Test
  void anErrorInAnImportedFileIsReportedOnce() throws Exception {
    write("dev/lib/layers.net", LAYERS.replace("dense(x, units", "dnse(x, units"));
    write("dev/app/App.net", APP);
    write("dev/app/Other.net", APP.replace("App", "Other"));

    NetGenerator.Result r = runReal();

    assertEquals(1, r.errorCount(), r.diagnostics().toString());
    assertEquals(src.resolve("dev/lib/layers.net").toAbsolutePath().normalize() + ":[2,7] unknown op"
        + " 'dnse', did you mean 'dense'?\n  h = dnse(x, units, activation: relu);\n      ^",
        MavenDiagnostics.format(r.diagnostics().get(0)));
  }

  @Test
  void importsCannotLeaveTheSourceDirectory() throws Exception {
    Path outside = project.resolve("outside/secret.net");
    Files.createDirectories(outside.getParent());
    Files.writeString(outside, LAYERS);
    write("dev/app/App.net", APP.replace("../lib/layers.net", "../../../../outside/secret.net"));
    write("dev/app/Linked.net", APP.replace("App", "Linked").replace("../lib/layers.net", "link.net"));
    boolean links;
    try {
      Files.createSymbolicLink(src.resolve("dev/app/link.net"), outside);
      links = true;
    } catch (UnsupportedOperationException | java.io.IOException e) {
      links = false;
    }

    NetGenerator.Result r = runReal();

    List<String> messages = r.diagnostics().stream().map(Diagnostic::message).toList();
    assertTrue(messages.contains("import path \"../../../../outside/secret.net\" leads outside the source"
        + " root; imports can only name files inside it"), messages.toString());
    if (links) {
      assertTrue(messages.contains("cannot import \"link.net\": it leads outside the source roots through a"
          + " symbolic link"), messages.toString());
    }
    assertFalse(Files.exists(out.resolve("dev/app/App.java")));
  }
}
