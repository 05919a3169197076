package dev.netc.runtime;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;

/**
 * The class path for a child JVM that runs runtime and test classes. Surefire runs the runtime's
 * tests patched into the dev.netc.runtime module on the module path, where {@code
 * java.class.path} holds neither the runtime's classes nor the tests'.
 */
public final class ClassRoots {
  private ClassRoots() {}

  /** The class roots of {@code types}, then the test class path. */
  public static String childClassPath(Class<?>... types) throws Exception {
    StringBuilder path = new StringBuilder();
    for (Class<?> type : types) {
      path.append(classRoot(type)).append(File.pathSeparator);
    }
    return path.append(System.getProperty("java.class.path")).toString();
  }

  /** The directory or jar {@code type} was loaded from (a patched module keeps them apart). */
  public static String classRoot(Class<?> type) throws Exception {
    String resource = "/" + type.getName().replace('.', '/') + ".class";
    URL url = type.getResource(resource);
    if ("jar".equals(url.getProtocol())) {
      String spec = url.getPath(); // file:/...jar!/dev/...
      return Path.of(new URI(spec.substring(0, spec.indexOf("!/")))).toString();
    }
    String path = Path.of(url.toURI()).toString();
    return path.substring(0, path.length() - resource.length());
  }
}
