package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Every published jar carries the project's LICENSE and NOTICE under META-INF (Apache-2.0 section
 * 4 asks redistributions to include the licence). The root pom copies them from the repository
 * root into each module's classes; this checks the runtime's, which its jar is made of.
 */
class LicenseFilesTest {

  private static Path classesDir() throws Exception {
    return Path.of(Model.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  @Test
  void licenseIsTheApacheLicenseTwo() throws Exception {
    Path license = classesDir().resolve("META-INF/LICENSE");
    assertTrue(Files.isRegularFile(license), "no " + license + ": the root pom's resources copy it");
    String text = Files.readString(license);
    assertTrue(text.contains("Apache License") && text.contains("Version 2.0, January 2004"),
        license + " is not the Apache License 2.0");
  }

  @Test
  void noticeNamesNetcAndTheBundledThirdPartyMaterial() throws Exception {
    Path notice = classesDir().resolve("META-INF/NOTICE");
    assertTrue(Files.isRegularFile(notice), "no " + notice + ": the root pom's resources copy it");
    String text = Files.readString(notice);
    assertTrue(text.startsWith("netc\n"), notice + " does not start with the product name");
    assertTrue(text.contains("Copyright (c) 2017 Zalando SE"),
        notice + " lost the Fashion-MNIST copyright line");
  }
}
