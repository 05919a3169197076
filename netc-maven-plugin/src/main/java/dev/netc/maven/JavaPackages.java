package dev.netc.maven;

import dev.netc.codegen.base.Names;
import javax.lang.model.SourceVersion;

/**
 * The Java package of a {@code .net} file is its directory below the source directory, the way
 * the antlr4 and protobuf plugins do it: {@code src/main/net/com/acme/Foo.net} → {@code com.acme}.
 */
final class JavaPackages {

  private JavaPackages() {}

  /**
   * The package for a file at {@code relativePath} ('/'-separated, relative to the source
   * directory); "" for a file directly in it. The result may not be a valid name: check {@link
   * #isValid}.
   */
  static String fromRelativePath(String relativePath) {
    int slash = relativePath.lastIndexOf('/');
    return slash < 0 ? "" : relativePath.substring(0, slash).replace('/', '.');
  }

  /**
   * "" (the default package) or a dotted name of identifiers that are not keywords, without
   * invisible characters (which javac drops, so two directories could make one package) and not
   * under {@code java.} (see {@link Names#packageProblem}).
   */
  static boolean isValid(String packageName) {
    return packageName.isEmpty()
        || SourceVersion.isName(packageName) && Names.packageProblem(packageName) == null;
  }
}
