package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.draw.NetworkDrawing;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.codegen.ir.Graph;
import dev.netc.dsl.SourceFile;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class GraphCommandTest {
  static final String RESIDUAL = """
      network Residual {
        input x: float[1, 8, 8];
        stem = conv2d(4, kernel: 3, padding: same, activation: relu);
        branch = conv2d(4, kernel: 3, padding: same);
        sum = add(branch, stem) -> relu;
        flatten;
        dense(3);
        loss softmax_cross_entropy;
        optimizer adam(lr: 0.01);
      }
      """;

  @TempDir
  Path dir;

  private static Graph graph(String text) {
    CheckResult checked = NetcCompiler.check(new SourceFile("Residual.net", text), ImportResolver.NONE);
    return checked.graphs().get(0);
  }

  @Test
  void writesTheDrawingOfTheCheckedNetworkToTheNamedFile() throws Exception {
    Path file = Cli.write(dir, "Residual.net", RESIDUAL);
    Path svg = dir.resolve("out/residual.svg");
    Cli.Run run = Cli.run("graph", file, "-o", svg);
    assertEquals(0, run.status(), run.toString());
    assertEquals("wrote " + svg + " (network Residual, " + graph(RESIDUAL).nodes().size() + " layers)\n", run.out());
    assertEquals("", run.err());
    String drawing = Files.readString(svg);
    assertEquals(NetworkDrawing.toSvg(graph(RESIDUAL)), drawing);
    Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(new ByteArrayInputStream(drawing.getBytes(StandardCharsets.UTF_8)));
    assertEquals("svg", document.getDocumentElement().getNodeName());
    assertTrue(drawing.contains(">sum<") && drawing.contains(">branch<") && drawing.contains(">stem<"), drawing);
  }

  @Test
  void withoutOutputTheSvgGoesToStandardOutputAndKernelsAddThePlan() throws Exception {
    Path file = Cli.write(dir, "Residual.net", RESIDUAL);
    Cli.Run plain = Cli.run("graph", file);
    assertEquals(0, plain.status(), plain.toString());
    assertEquals(NetworkDrawing.toSvg(graph(RESIDUAL)), plain.out());
    assertFalse(plain.out().contains("kernel direct"), plain.out());

    Cli.Run kernels = Cli.run("graph", file, "--kernels");
    assertEquals(0, kernels.status(), kernels.toString());
    assertTrue(kernels.out().contains("kernel direct"), kernels.out());
  }

  @Test
  void severalNetworksNeedOneNamedAndErrorsDrawNothing() throws Exception {
    Path two = Cli.write(dir, "Two.net", SummaryCommandTest.TWO);
    Cli.Run ambiguous = Cli.run("graph", two);
    assertEquals(2, ambiguous.status(), ambiguous.toString());
    assertEquals("error: " + two + " declares the networks Xor, Wide; choose one with --network NAME\n",
        ambiguous.err().lines().findFirst().orElse("") + "\n");
    assertEquals("", ambiguous.out());

    Cli.Run wide = Cli.run("graph", two, "--network", "Wide");
    assertEquals(0, wide.status(), wide.toString());
    assertTrue(wide.out().contains("[64]"), wide.out());

    Path bad = Cli.write(dir, "Bad.net", RESIDUAL.replace("add(branch, stem)", "add(branch, stme)"));
    Cli.Run broken = Cli.run("graph", bad, "-o", dir.resolve("bad.svg"));
    assertEquals(1, broken.status(), broken.toString());
    assertTrue(broken.err().startsWith(bad + ":5:"), broken.toString());
    assertFalse(Files.exists(dir.resolve("bad.svg")));
  }

  @Test
  void anOutputThatCannotBeWrittenIsAnError() throws Exception {
    Path file = Cli.write(dir, "Residual.net", RESIDUAL);
    Files.createDirectories(dir.resolve("taken.svg"));
    Cli.Run run = Cli.run("graph", file, "-o", dir.resolve("taken.svg"));
    assertEquals(1, run.status(), run.toString());
    assertTrue(run.err().startsWith("error: "), run.toString());
    assertTrue(run.err().contains("taken.svg"), run.toString());
  }
}
