package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedFilesTest {
  private static final FileTime LONG_AGO = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));

  @TempDir Path dir;

  @Test
  void writesNewFileCreatingDirectories() throws Exception {
    Path file = dir.resolve("a/b/Foo.java");
    assertTrue(GeneratedFiles.writeIfChanged(file, "class Foo {} // é"));
    assertEquals("class Foo {} // é", Files.readString(file));
    try (var left = Files.list(file.getParent())) {
      assertEquals(1, left.count(), "no temporary file left behind");
    }
  }

  @Test
  void sameContentLeavesTheFileAndItsTimestampAlone() throws Exception {
    Path file = dir.resolve("Foo.java");
    GeneratedFiles.writeIfChanged(file, "class Foo {}");
    Files.setLastModifiedTime(file, LONG_AGO);

    assertFalse(GeneratedFiles.writeIfChanged(file, "class Foo {}"));
    assertEquals(LONG_AGO, Files.getLastModifiedTime(file));
  }

  @Test
  void changedContentIsWritten() throws Exception {
    Path file = dir.resolve("Foo.java");
    GeneratedFiles.writeIfChanged(file, "class Foo {}");
    Files.setLastModifiedTime(file, LONG_AGO);

    assertTrue(GeneratedFiles.writeIfChanged(file, "class Foo { int x; }"));
    assertEquals("class Foo { int x; }", Files.readString(file));
    assertTrue(Files.getLastModifiedTime(file).compareTo(LONG_AGO) > 0);
  }

  @Test
  void deleteRemovesFileAndDirectoriesThatBecameEmpty() throws Exception {
    GeneratedFiles.writeIfChanged(dir.resolve("com/acme/deep/Foo.java"), "x");
    GeneratedFiles.writeIfChanged(dir.resolve("com/Keep.java"), "x");

    assertTrue(GeneratedFiles.deleteInside(dir, "com/acme/deep/Foo.java"));
    assertFalse(Files.exists(dir.resolve("com/acme")));
    assertTrue(Files.exists(dir.resolve("com/Keep.java")));
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void deleteOfMissingFileIsHarmless() throws Exception {
    assertFalse(GeneratedFiles.deleteInside(dir, "com/Gone.java"));
    assertTrue(Files.isDirectory(dir));
  }

  @Test
  void deleteNeverLeavesTheRoot() throws Exception {
    Path root = dir.resolve("out");
    Files.createDirectories(root);
    Path outside = dir.resolve("Outside.java");
    Files.writeString(outside, "x");

    assertFalse(GeneratedFiles.deleteInside(root, "../Outside.java"));
    assertFalse(GeneratedFiles.deleteInside(root, "."));
    assertTrue(Files.exists(outside));
    assertTrue(Files.isDirectory(root));
  }
}
