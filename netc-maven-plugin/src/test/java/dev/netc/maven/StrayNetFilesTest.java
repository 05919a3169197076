package dev.netc.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StrayNetFilesTest {
  @TempDir Path project;

  Path touch(String relative) throws Exception {
    Path file = project.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "network X {}");
    return file.toAbsolutePath().normalize();
  }

  String warning(Path file, Path sourceDirectory) {
    return file + ": not compiled: netc:generate only compiles .net files in " + sourceDirectory
        + "; move it to " + sourceDirectory + "/<package path>/ or set <sourceDirectory> in the"
        + " netc-maven-plugin configuration";
  }

  @Test
  void netFilesUnderSrcMainButOutsideTheSourceDirectoryAreNamed() throws Exception {
    Path inJava = touch("src/main/java/com/acme/Foo.net");
    Path inResources = touch("src/main/resources/Bar.net");
    touch("src/main/net/com/acme/Ok.net");
    touch("src/test/resources/fixtures/Fixture.net"); // test data, not meant for the plugin
    touch("target/generated-sources/netc/Copied.net");
    Path net = project.resolve("src/main/net").toAbsolutePath().normalize();

    List<String> warnings = StrayNetFiles.warnings(project.resolve("src/main"), net,
        project.resolve("target/generated-sources/netc"));

    assertEquals(List.of(warning(inJava, net), warning(inResources, net)), warnings);
  }

  @Test
  void aConfiguredSourceDirectoryMakesSrcMainNetStray() throws Exception {
    Path old = touch("src/main/net/a/Old.net");
    touch("src/main/models/a/New.net");
    Path models = project.resolve("src/main/models").toAbsolutePath().normalize();

    assertEquals(List.of(warning(old, models)),
        StrayNetFiles.warnings(project.resolve("src/main"), models, project.resolve("target/gen")));
  }

  @Test
  void manyStrayFilesAreSummarized() throws Exception {
    for (int i = 0; i < StrayNetFiles.MAX_LISTED + 3; i++) {
      touch("src/main/java/N" + (char) ('a' + i) + ".net");
    }
    Path net = project.resolve("src/main/net").toAbsolutePath().normalize();

    List<String> warnings = StrayNetFiles.warnings(project.resolve("src/main"), net, project.resolve("t"));

    assertEquals(StrayNetFiles.MAX_LISTED + 1, warnings.size());
    assertEquals("... and 3 more .net files outside " + net, warnings.get(warnings.size() - 1));
  }

  @Test
  void noSrcMainNoWarnings() throws Exception {
    assertEquals(List.of(), StrayNetFiles.warnings(project.resolve("src/main"),
        project.resolve("src/main/net"), project.resolve("t")));
  }
}
