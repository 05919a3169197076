package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JavaPackagesTest {

  @Test
  void packageIsTheDirectoryBelowTheSourceDirectory() {
    assertEquals("com.acme", JavaPackages.fromRelativePath("com/acme/Foo.net"));
    assertEquals("a", JavaPackages.fromRelativePath("a/Foo.net"));
  }

  @Test
  void fileDirectlyInTheSourceDirectoryIsInTheDefaultPackage() {
    assertEquals("", JavaPackages.fromRelativePath("Foo.net"));
  }

  @Test
  void validity() {
    assertTrue(JavaPackages.isValid(""));
    assertTrue(JavaPackages.isValid("com.acme.models"));
    assertTrue(JavaPackages.isValid("_x.y$"));
    assertFalse(JavaPackages.isValid("my-models"));
    assertFalse(JavaPackages.isValid("com.int"));
    assertFalse(JavaPackages.isValid("com.1x"));
    assertFalse(JavaPackages.isValid("com..acme"));
  }

  @Test
  void packagesJavacWouldRejectOrMergeAreInvalid() {
    assertFalse(JavaPackages.isValid("java"));
    assertFalse(JavaPackages.isValid("java.models"));
    assertTrue(JavaPackages.isValid("javax2.models"));
    assertTrue(JavaPackages.isValid("javamodels"));
    // Java identifiers may hold these, but javac ignores them: a\u200Bb would be package ab
    assertFalse(JavaPackages.isValid("a\u0001b"));
    assertFalse(JavaPackages.isValid("a\u200Bb"));
    assertFalse(JavaPackages.isValid("a\u202Eb"));
  }
}
