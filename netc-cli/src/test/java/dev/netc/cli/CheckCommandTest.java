package dev.netc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
  @TempDir
  Path dir;

  @Test
  void aValidFileIsOkWithStatus0AndNothingOnStandardError() throws Exception {
    Path file = Cli.write(dir, "Xor.net", Cli.XOR);
    Cli.Run run = Cli.run("check", file);
    assertEquals(0, run.status(), run.toString());
    assertEquals(file + ": ok (network Xor)\n", run.out());
    assertEquals("", run.err());
  }

  @Test
  void errorsArePrintedJavacStyleWithTheLineAndACaretAndGiveStatus1() throws Exception {
    Path file = Cli.write(dir, "Bad.net", Cli.XOR.replace("dense(1,", "dnse(1,"));
    Cli.Run run = Cli.run("check", file);
    assertEquals(1, run.status(), run.toString());
    assertEquals("", run.out());
    String expected = file + ":4:9: error: unknown op 'dnse', did you mean 'dense'?\n"
        + "  out = dnse(1, activation: sigmoid);\n"
        + "        ^\n"
        + "1 error\n";
    assertTrue(run.err().startsWith(file + ":4:9: error: unknown op 'dnse'"), run.toString());
    assertEquals(expected.lines().skip(1).toList(), run.err().lines().skip(1).toList(), run.toString());
  }

  @Test
  void warningsAloneKeepStatus0() throws Exception {
    Path file = Cli.write(dir, "Soft.net", """
        network Soft {
          input x: float[4];
          dense(3);
          softmax;
          loss softmax_cross_entropy;
        }
        """);
    Cli.Run run = Cli.run("check", file);
    assertEquals(0, run.status(), run.toString());
    assertTrue(run.err().startsWith(file + ":5:8: warning: softmax_cross_entropy applies softmax itself"),
        run.toString());
    assertTrue(run.err().endsWith("1 warning\n"), run.toString());
    assertEquals(file + ": ok (network Soft)\n", run.out());
  }

  @Test
  void everyFileIsCheckedAndOneWithErrorsMakesTheStatus1() throws Exception {
    Path good = Cli.write(dir, "Xor.net", Cli.XOR);
    Path bad = Cli.write(dir, "Bad.net", "network Bad { input x: float[2]; dense(; }");
    Cli.Run run = Cli.run("check", bad, good);
    assertEquals(1, run.status(), run.toString());
    assertEquals(good + ": ok (network Xor)\n", run.out());
    assertTrue(run.err().startsWith(bad + ":1:"), run.toString());
  }

  @Test
  void importsResolveBesideTheFileAndTheBundledLibraryIsAlwaysThere() throws Exception {
    Cli.write(dir, "nets/blocks.net", """
        block twice(x, n) {
          h = dense(x, n, activation: relu);
          return dense(h, n, activation: relu);
        }
        """);
    Path file = Cli.write(dir, "nets/Uses.net", """
        import "blocks.net";
        import "netc/transformer.net";
        network Uses {
          input x: float[8, 16];
          t = transformer_block(x, 16, 2, 32, false);
          f = flatten(t);
          y = twice(f, 4);
          loss mse;
        }
        """);
    Cli.Run run = Cli.run("check", file);
    assertEquals(0, run.status(), run.toString());
    assertEquals(file + ": ok (network Uses)\n", run.out());
  }

  @Test
  void aSourceRootLetsAFileImportFromAboveItsDirectory() throws Exception {
    Cli.write(dir, "src/shared/blocks.net", "block one(x) { return dense(x, 1); }\n");
    Path file = Cli.write(dir, "src/nets/Up.net", """
        import "../shared/blocks.net";
        network Up { input x: float[2]; y = one(x); loss mse; }
        """);
    Cli.Run alone = Cli.run("check", file);
    assertEquals(1, alone.status(), alone.toString());
    assertTrue(alone.err().contains("leads outside the source root"), alone.toString());
    Cli.Run withRoot = Cli.run("check", "--source-root", dir.resolve("src"), file);
    assertEquals(0, withRoot.status(), withRoot.toString());
  }

  @Test
  void aMissingFileArgumentOrAnUnknownOptionIsAUsageErrorWithStatus2() throws Exception {
    Cli.Run noFile = Cli.run("check");
    assertEquals(2, noFile.status(), noFile.toString());
    assertTrue(noFile.err().startsWith("error: Missing required parameter: 'FILE'\nUsage: netc check "),
        noFile.toString());
    assertTrue(noFile.err().endsWith("Try 'netc check --help' for more information.\n"), noFile.toString());

    Cli.Run unknown = Cli.run("check", "--strict", Cli.write(dir, "Xor.net", Cli.XOR));
    assertEquals(2, unknown.status(), unknown.toString());
    assertTrue(unknown.err().startsWith("error: Unknown option: '--strict'"), unknown.toString());
  }

  @Test
  void aFileThatDoesNotExistIsAUsageErrorAndNothingIsChecked() throws Exception {
    Path good = Cli.write(dir, "Xor.net", Cli.XOR);
    Cli.Run run = Cli.run("check", good, dir.resolve("Missing.net"));
    assertEquals(2, run.status(), run.toString());
    assertEquals("", run.out());
    assertTrue(run.err().startsWith("error: file not found: " + dir.resolve("Missing.net") + "\n"), run.toString());
  }

  @Test
  void aFileThatIsNotUtf8IsAnError() throws Exception {
    Path file = dir.resolve("Latin1.net");
    java.nio.file.Files.write(file, new byte[] {'n', 'e', 't', (byte) 0xE9});
    Cli.Run run = Cli.run("check", file);
    assertEquals(1, run.status(), run.toString());
    assertEquals("error: cannot read " + file + ": it is not valid UTF-8; save it as UTF-8\n", run.err());
  }
}
