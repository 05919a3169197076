package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CheckResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.imports.ImportResolver;
import dev.netc.dsl.SourceFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryCommandTest {
  static final String TWO = Cli.XOR + Cli.XOR.replace("Xor", "Wide").replace("dense(4,", "dense(64,");

  @TempDir
  Path dir;

  @Test
  void printsEveryNetworksTableAsTheGeneratedClassHasIt() throws Exception {
    Path file = Cli.write(dir, "Two.net", TWO);
    Cli.Run run = Cli.run("summary", file);
    assertEquals(0, run.status(), run.toString());
    CheckResult checked = NetcCompiler.check(new SourceFile("Two.net", TWO), ImportResolver.NONE);
    assertEquals("network Xor (" + file + ")\n" + NetcCompiler.summary(checked.graphs().get(0))
        + "\nnetwork Wide (" + file + ")\n" + NetcCompiler.summary(checked.graphs().get(1)), run.out());
    assertTrue(run.out().contains("hidden           dense + tanh           [64]                        192"),
        run.out());
    assertEquals("", run.err());
  }

  @Test
  void networkChoosesOneAndAnUnknownNameIsAUsageErrorListingTheNetworks() throws Exception {
    Path file = Cli.write(dir, "Two.net", TWO);
    Cli.Run one = Cli.run("summary", file, "--network", "Wide");
    assertEquals(0, one.status(), one.toString());
    assertTrue(one.out().startsWith("network Wide (") && !one.out().contains("network Xor"), one.out());

    Cli.Run unknown = Cli.run("summary", file, "--network", "Narrow");
    assertEquals(2, unknown.status(), unknown.toString());
    assertTrue(unknown.err().startsWith("error: no network Narrow in " + file + "; it declares Xor, Wide\n"),
        unknown.toString());
    assertEquals("", unknown.out());
  }

  @Test
  void aFileWithErrorsPrintsThemAndNoTable() throws Exception {
    Path file = Cli.write(dir, "Bad.net", Cli.XOR.replace("dense(4,", "dense(-4,"));
    Cli.Run run = Cli.run("summary", file);
    assertEquals(1, run.status(), run.toString());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith(file + ":3:"), run.toString());
    assertTrue(run.err().contains(": error: "), run.toString());
    assertTrue(run.err().endsWith("1 error\n"), run.toString());
  }

  @Test
  void theFileArgumentIsRequired() {
    Cli.Run run = Cli.run("summary", "--network", "Xor");
    assertEquals(2, run.status(), run.toString());
    assertTrue(run.err().startsWith("error: Missing required parameter: 'FILE'"), run.toString());
  }
}
