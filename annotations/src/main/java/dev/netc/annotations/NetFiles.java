package dev.netc.annotations;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Compiles {@code .net} files with javac: the netc annotation processor generates the classes of
 * each listed file, the same classes {@code netc-maven-plugin} generates from it, so any build
 * that runs javac (Gradle, an IDE, Bazel, plain {@code javac}) needs no other netc step.
 *
 * <pre>
 * &#64;NetFiles({"com/acme/FashionMlp.net", "com/acme/SmallCnn.net"})
 * final class Networks {}
 * </pre>
 *
 * <p>Each path is relative to a source root and '/'-separated; as with the Maven plugin, its
 * directory is the Java package of the generated classes ({@code com/acme/FashionMlp.net} →
 * {@code com.acme.FashionMlp}). The processor looks each file up, and each file it imports,
 * first in the directories of the processor option {@code -Anetc.sourceRoots=dir1:dir2}
 * (separated as a class path is), then on javac's source path ({@code -sourcepath}), then on its
 * class path, where a jar may provide files to import; {@code import "netc/...";} also finds the
 * library bundled with netc. Errors name the {@code .net} file, line and column, and are
 * reported on the path in this annotation.
 *
 * <p>Class retention, as Gradle's incremental annotation processing requires; nothing reads it at
 * run time, so the annotations jar is not needed there.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
public @interface NetFiles {
  /**
   * The {@code .net} files to compile, each relative to a source root, such as {@code
   * "com/acme/FashionMlp.net"}; a file lists its own imports, so only the files whose networks
   * are wanted (or that should be checked) are named here.
   * @return the root-relative paths of the files
   */
  String[] value();
}
