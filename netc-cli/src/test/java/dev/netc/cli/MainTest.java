package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  @Test
  void noCommandIsAUsageErrorListingTheCommands() {
    Cli.Run run = Cli.run();
    assertEquals(2, run.status(), run.toString());
    assertTrue(run.err().startsWith("error: name a command\nUsage: netc "), run.toString());
    for (String command : new String[] {"check", "summary", "generate", "train", "eval", "predict"}) {
      assertTrue(run.err().contains("\n  " + command + " "), command + " missing from\n" + run.err());
    }
  }

  @Test
  void anUnknownCommandIsAUsageErrorWithASuggestion() {
    Cli.Run run = Cli.run("chek", "x.net");
    assertEquals(2, run.status(), run.toString());
    assertTrue(run.err().startsWith("error: Unmatched arguments from index 0: 'chek', 'x.net'\nDid you mean: netc check or netc help?\nUsage: netc "),
        run.toString());
  }

  @Test
  void versionNamesTheBuildsVersion() {
    Cli.Run run = Cli.run("--version");
    assertEquals(0, run.status(), run.toString());
    assertTrue(run.out().matches("netc \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\nJava .*\n"), run.out());
  }

  @Test
  void helpOfACommandGoesToStandardOutput() {
    Cli.Run run = Cli.run("help", "train");
    assertEquals(0, run.status(), run.toString());
    assertTrue(run.out().startsWith("Usage: netc train "), run.out());
    assertTrue(run.out().contains("--lr-decay=FACTOR"), run.out());
  }

  @Test
  void stacktraceAddsTheTraceToAnError(@TempDir Path dir) throws Exception {
    Path net = Cli.write(dir, "Xor.net", Cli.XOR);
    Path notAModel = Cli.write(dir, "x.netc", "not a model");
    Cli.Run plain = Cli.run("eval", notAModel, "--net", net, "--data", notAModel);
    assertEquals(1, plain.status(), plain.toString());
    assertTrue(plain.err().endsWith("error: " + notAModel + ": not a netc model file (does not start with \"NETC\")\n"),
        plain.toString());
    Cli.Run traced = Cli.run("eval", "--stacktrace", notAModel, "--net", net, "--data", notAModel);
    assertEquals(1, traced.status(), traced.toString());
    assertTrue(traced.err().contains("\tat dev.netc.runtime.io."), traced.toString());
  }
}
