package dev.netc.maven;

import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import java.io.File;
import java.io.IOException;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Compiles the {@code .net} network definitions under {@code src/main/net} into Java sources and
 * adds them to the compile source roots.
 *
 * <p>This runs in {@code generate-sources} rather than inside javac because maven-compiler-plugin
 * only looks at {@code .java} files to decide whether to recompile: editing only a {@code .net}
 * file must still change the model. Sources are rewritten only when their content changes, so an
 * untouched network does not make javac recompile.
 */
@Mojo(name = "generate", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class GenerateMojo extends AbstractMojo {

  /**
   * Where the {@code .net} files are; subdirectories give the Java package. {@code import}
   * statements resolve inside this directory only.
   */
  @Parameter(property = "netc.sourceDirectory", defaultValue = "${project.basedir}/src/main/net")
  private File sourceDirectory;

  /** Where the generated Java sources go; added as a compile source root. */
  @Parameter(
      property = "netc.outputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/netc")
  private File outputDirectory;

  /**
   * The package of every generated class. By default each file's directory relative to {@code
   * sourceDirectory} is its package: {@code src/main/net/com/acme/Foo.net} → {@code com.acme}.
   */
  @Parameter(property = "netc.packageName")
  private String packageName;

  /** Skips the goal. */
  @Parameter(property = "netc.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("netc: skipped");
      return;
    }
    String pkg = packageName == null ? null : packageName.trim();
    if (pkg != null && !JavaPackages.isValid(pkg)) {
      throw new MojoExecutionException(
          "netc: <packageName>" + packageName + "</packageName> is not a valid Java package name");
    }

    NetGenerator.Result result;
    try {
      result = new NetGenerator(
          sourceDirectory.toPath(), outputDirectory.toPath(), pkg, NetcCompiler::compile).run();
    } catch (IOException e) {
      throw new MojoExecutionException("netc: " + e, e);
    }

    try {
      StrayNetFiles.warnings(project.getBasedir().toPath().resolve("src/main"),
          sourceDirectory.toPath(), outputDirectory.toPath()).forEach(w -> getLog().warn(w));
    } catch (IOException e) {
      getLog().debug("netc: could not look for .net files outside " + sourceDirectory + ": " + e);
    }
    for (Diagnostic d : result.diagnostics()) {
      if (d.isError()) {
        getLog().error(MavenDiagnostics.format(d));
      } else {
        getLog().warn(MavenDiagnostics.format(d));
      }
    }
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    if (!result.deleted().isEmpty()) {
      getLog().info("netc: deleted " + result.deleted().size() + " stale generated source(s)");
      result.deleted().forEach(path -> getLog().debug("netc: deleted " + path));
    }
    // the cost model's choice per layer: how each product is written (docs/cost-model.md)
    result.kernels().forEach(line -> getLog().info("netc: kernel " + line));
    getLog().info(result.summary());

    long errors = result.errorCount();
    if (errors > 0) {
      throw new MojoFailureException("netc: " + errors + " error(s) in .net files; see above");
    }
  }
}
