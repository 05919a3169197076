package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateCommandTest {
  @TempDir
  Path dir;

  @Test
  void writesWhatTheCompilerGeneratesUnderThePackageItsSourceRootGives() throws Exception {
    Path root = dir.resolve("src/main/net");
    Path file = Cli.write(root, "com/acme/Xor.net", Cli.XOR);
    Path out = dir.resolve("generated");
    Cli.Run run = Cli.run("generate", "-d", out, "--source-root", root, file);
    assertEquals(0, run.status(), run.toString());
    Path java = out.resolve("com/acme/Xor.java");
    assertEquals("wrote " + java + "\n", run.out());
    String expected = NetcCompiler.compile(new SourceFile("Xor.net", Cli.XOR), "com.acme").sources().get(0).code();
    assertEquals(expected, Files.readString(java));
    assertTrue(expected.startsWith("package com.acme;"), expected);
  }

  @Test
  void packageOverridesTheDerivedPackage() throws Exception {
    Path file = Cli.write(dir, "Xor.net", Cli.XOR);
    Cli.Run run = Cli.run("generate", "-d", dir.resolve("out"), "--package", "org.example.nets", file);
    assertEquals(0, run.status(), run.toString());
    assertTrue(Files.readString(dir.resolve("out/org/example/nets/Xor.java")).startsWith("package org.example.nets;"));
  }

  @Test
  void aFileWithErrorsWritesNothingForItAndGivesStatus1() throws Exception {
    Path good = Cli.write(dir, "Xor.net", Cli.XOR);
    Path bad = Cli.write(dir, "Bad.net", Cli.XOR.replace("Xor", "Bad").replace("loss mse;", "loss mse(1);"));
    Path out = dir.resolve("out");
    Cli.Run run = Cli.run("generate", "-d", out, bad, good);
    assertEquals(1, run.status(), run.toString());
    assertFalse(Files.exists(out.resolve("Bad.java")));
    assertTrue(Files.exists(out.resolve("Xor.java")));
    assertTrue(run.err().startsWith(bad + ":5:"), run.toString());
  }

  @Test
  void twoFilesDeclaringOneClassAreAnError() throws Exception {
    Path a = Cli.write(dir, "a/Xor.net", Cli.XOR);
    Path b = Cli.write(dir, "b/Xor.net", Cli.XOR);
    Cli.Run run = Cli.run("generate", "-d", dir.resolve("out"), a, b);
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().contains(b + ":1:1: error: class Xor is already generated from " + a), run.toString());
  }

  @Test
  void theOutputDirectoryIsRequiredAndAnInvalidPackageIsAnError() throws Exception {
    Path file = Cli.write(dir, "Xor.net", Cli.XOR);
    Cli.Run noDir = Cli.run("generate", file);
    assertEquals(2, noDir.status(), noDir.toString());
    assertTrue(noDir.err().startsWith("error: Missing required option: '-d=DIR'"), noDir.toString());

    Cli.Run badPackage = Cli.run("generate", "-d", dir.resolve("out"), "--package", "java.nets", file);
    assertEquals(1, badPackage.status(), badPackage.toString());
    assertTrue(badPackage.err().contains("error: cannot generate into package 'java.nets'"), badPackage.toString());
  }
}
