package dev.netc.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code netc --version}: the project version the build wrote into {@code version.properties}. */
final class Version implements IVersionProvider {

  @Override
  public String[] getVersion() throws IOException {
    return new String[] {"netc " + version(), "Java " + System.getProperty("java.version")
        + " (" + System.getProperty("java.vm.name") + ")"};
  }

  static String version() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        throw new IOException("version.properties is missing from the netc-cli jar");
      }
      p.load(in);
    }
    return p.getProperty("version");
  }
}
