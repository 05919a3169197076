package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.testing.Nets;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Generating the same `.net` file twice gives byte-identical Java source (reproducible builds,
 * stable diffs), in the same JVM and in a fresh one, where identity hash codes and hash-map
 * iteration orders differ; and javac turns it into identical class files.
 */
class DeterminismTest {

  /** Networks covering every op and loss, a deep chain and multiple named values. */
  static final List<String> SOURCES = List.of(
      """
      network FashionMlp {
        input image: float[28, 28];
        flatten;
        dense(256, activation: relu);
        dropout(0.2);
        dense(10);
        loss softmax_cross_entropy;
        optimizer adam(lr: 0.001);
        training { batch: 32; epochs: 10; seed: 42; }
      }
      """,
      """
      network EveryOp {
        input x: float[4, 6];
        flatten;
        dense(24, activation: silu);
        dropout(0.1);
        reshape([4, -1]);
        softmax;
        flatten;
        sigmoid; tanh; relu; leaky_relu(alpha: 0.2); elu(alpha: 0.5); gelu; silu; softplus;
        hidden = dense(12, activation: elu, bias: false);
        dense(hidden, 10);
        log_softmax;
        loss kl_divergence;
        optimizer sgd(lr: 0.05, momentum: 0.9);
      }
      """,
      """
      network Bce {
        input x: float[5];
        dense(7, activation: softplus);
        dense(3, activation: leaky_relu);
        dense(2);
        loss binary_cross_entropy_with_logits;
      }
      """,
      """
      network Reg {
        input x: float[3];
        dense(4, activation: gelu);
        dense(1);
        loss mse;
      }
      """,
      BytecodeSizeTest.deepChain(250));

  @Test
  void sameSourceTwiceInOneJvm() {
    for (String source : SOURCES) {
      List<GeneratedSource> first = Nets.generate("Test.net", source).sources();
      List<GeneratedSource> second = Nets.generate("Test.net", source).sources();
      assertEquals(first, second);
      assertArrayEquals(bytes(first), bytes(second));
    }
  }

  @Test
  void sameClassFilesTwice() {
    Nets.Built first = Nets.compile(SOURCES.get(1));
    Nets.Built second = Nets.compile(SOURCES.get(1));
    assertEquals(first.classes().classFiles().keySet(), second.classes().classFiles().keySet());
    first.classes().classFiles().forEach((name, bytes) ->
        assertArrayEquals(bytes, second.classes().classFiles().get(name), name));
  }

  @Test
  void sameSourceInAFreshJvm() throws IOException, InterruptedException {
    Map<String, String> here = new TreeMap<>();
    for (int i = 0; i < SOURCES.size(); i++) {
      here.put(String.valueOf(i), digest(bytes(Nets.generate("Test.net", SOURCES.get(i)).sources())));
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        // every identity hash code the same constant: any iteration order that depends on them changes
        "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
        GenerateDigests.class.getName())
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child JVM timed out");
    }
    assertEquals(0, p.exitValue(), out);
    Map<String, String> there = out.lines().filter(l -> l.contains("="))
        .collect(Collectors.toMap(l -> l.substring(0, l.indexOf('=')), l -> l.substring(l.indexOf('=') + 1),
            (a, b) -> b, TreeMap::new));
    assertEquals(here, there, "child output:\n" + out);
  }

  /** Run in a child JVM: prints index=sha256 of the generated sources of each of {@link #SOURCES}. */
  public static final class GenerateDigests {
    public static void main(String[] args) {
      for (int i = 0; i < SOURCES.size(); i++) {
        System.out.println(i + "=" + digest(bytes(Nets.generate("Test.net", SOURCES.get(i)).sources())));
      }
    }
  }

  static byte[] bytes(List<GeneratedSource> sources) {
    return sources.stream().map(s -> s.qualifiedName() + "\n" + s.code()).collect(Collectors.joining("\n\u0000\n"))
        .getBytes(StandardCharsets.UTF_8);
  }

  static String digest(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
