package dev.netc.maven;

import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import java.io.File;
import java.io.IOException;
import org.apache.maven.model.Resource;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoExecutionException;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;
import org.apache.maven.project.MavenProject;

/**
 * Imports the ONNX models under {@code src/main/onnx} at build time: each {@code .onnx} file
 * becomes a {@code .net} file (under {@code target/generated-sources/netc-onnx-net}, readable,
 * each layer with a comment naming its ONNX node), which is compiled into a Java class as {@code
 * netc:generate} compiles {@code src/main/net}, and a model file with the weights (under {@code
 * target/generated-resources/netc-onnx}, on the class path next to the class: {@code
 * /com/acme/FashionCnn.netc}). The network is named after the file ({@code fashion_cnn.onnx} →
 * {@code FashionCnn}); the package is the file's directory below {@code src/main/onnx}, or
 * {@code <packageName>}.
 *
 * <p>An unchanged ONNX file is not imported again and its outputs are not rewritten, so javac and
 * the resources plugin have nothing to do. An op netc cannot import fails the build with the
 * file and the node.
 */
@Mojo(name = "import-onnx", defaultPhase = LifecyclePhase.GENERATE_SOURCES, threadSafe = true)
public class ImportOnnxMojo extends AbstractMojo {

  /** Where the {@code .onnx} files are; subdirectories give the Java package. */
  @Parameter(property = "netc.onnxDirectory", defaultValue = "${project.basedir}/src/main/onnx")
  private File onnxDirectory;

  /** Where the imported {@code .net} files go, in package directories. */
  @Parameter(property = "netc.onnxNetDirectory",
      defaultValue = "${project.build.directory}/generated-sources/netc-onnx-net")
  private File netDirectory;

  /** Where the Java sources of the imported networks go; added as a compile source root. */
  @Parameter(property = "netc.onnxOutputDirectory",
      defaultValue = "${project.build.directory}/generated-sources/netc-onnx")
  private File outputDirectory;

  /** Where the model files with the imported weights go; added as a resource directory. */
  @Parameter(property = "netc.onnxResourceDirectory",
      defaultValue = "${project.build.directory}/generated-resources/netc-onnx")
  private File resourceDirectory;

  /** The package of every imported network; by default each file's directory below {@code onnxDirectory}. */
  @Parameter(property = "netc.onnxPackageName")
  private String packageName;

  /** Skips the goal. */
  @Parameter(property = "netc.onnx.skip", defaultValue = "false")
  private boolean skip;

  @Parameter(defaultValue = "${project}", readonly = true, required = true)
  private MavenProject project;

  @Override
  public void execute() throws MojoExecutionException, MojoFailureException {
    if (skip) {
      getLog().info("netc: import-onnx skipped");
      return;
    }
    String pkg = packageName == null ? null : packageName.trim();
    if (pkg != null && !JavaPackages.isValid(pkg)) {
      throw new MojoExecutionException(
          "netc: <packageName>" + packageName + "</packageName> is not a valid Java package name");
    }
    OnnxImports.Result imports;
    NetGenerator.Result generated;
    try {
      imports = new OnnxImports(onnxDirectory.toPath(), netDirectory.toPath(), resourceDirectory.toPath(), pkg).run();
      generated = new NetGenerator(netDirectory.toPath(), outputDirectory.toPath(), null, NetcCompiler::compile).run();
    } catch (IOException e) {
      throw new MojoExecutionException("netc: " + e, e);
    }
    imports.errors().forEach(e -> getLog().error(e));
    for (Diagnostic d : generated.diagnostics()) {
      if (d.isError()) {
        getLog().error(MavenDiagnostics.format(d));
      } else {
        getLog().warn(MavenDiagnostics.format(d));
      }
    }
    imports.deleted().forEach(path -> getLog().info("netc: deleted " + path + " (its .onnx file is gone or no longer imports)"));
    project.addCompileSourceRoot(outputDirectory.getAbsolutePath());
    if (project.getResources().stream().noneMatch(r -> resourceDirectory.getAbsolutePath().equals(r.getDirectory()))) {
      Resource resource = new Resource();
      resource.setDirectory(resourceDirectory.getAbsolutePath());
      project.addResource(resource);
    }
    generated.kernels().forEach(line -> getLog().info("netc: kernel " + line));
    getLog().info(imports.summary());
    getLog().info(generated.summary());
    if (!imports.errors().isEmpty()) {
      throw new MojoFailureException("netc: " + imports.errors().size() + " .onnx file(s) could not be imported;"
          + " see above");
    }
    if (generated.errorCount() > 0) {
      // the importer checks what it writes, so this is a bug in netc rather than in the model
      throw new MojoFailureException("netc: " + generated.errorCount() + " error(s) in the imported .net files;"
          + " see above");
    }
  }
}
