package dev.netc.codegen.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.testing.Nets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * No generated method may exceed HotSpot's {@code HugeMethodLimit} of 8,000 bytes of bytecode, past
 * which the JIT never compiles it (netc.md section 6). Compiles networks of very different shapes
 * with the real javac and measures the {@code Code} attribute of every method of every class.
 */
class BytecodeSizeTest {
  static final int HUGE_METHOD_LIMIT = 8000;

  static Stream<Arguments> networks() {
    return Stream.of(
        Arguments.of("FashionMlp", """
            network FashionMlp {
              input image: float[28, 28];
              flatten;
              dense(256, activation: relu);
              dropout(0.2);
              dense(128, activation: relu);
              dropout(0.2);
              dense(10);
              loss softmax_cross_entropy;
              optimizer adam(lr: 0.001);
              training { batch: 32; epochs: 10; seed: 42; }
            }
            """),
        Arguments.of("Deep300", deepChain(300)),
        Arguments.of("Wide4096", """
            network Wide4096 {
              input x: float[784];
              dense(4096, activation: relu);
              dropout(0.5);
              dense(4096, activation: gelu);
              dense(10);
              loss softmax_cross_entropy;
            }
            """),
        Arguments.of("FashionCnn", """
            network FashionCnn {
              input image: float[1, 28, 28];
              conv2d(32, kernel: 3, activation: relu);
              maxpool(2);
              conv2d(64, kernel: 3, activation: relu);
              maxpool(2);
              flatten;
              dense(128, activation: relu);
              dense(10);
              loss softmax_cross_entropy;
            }
            """),
        Arguments.of("EveryConvPath", """
            network EveryConvPath {
              input x: float[3, 32, 32];
              conv2d(16, kernel: [5, 3], stride: [2, 1], padding: same, dilation: [1, 2], activation: gelu);
              conv2d(16, kernel: 3, stride: 2, padding: [1, 1], bias: false, activation: leaky_relu);
              conv2d(8, kernel: 1);
              maxpool(3, stride: 2, padding: same);
              avgpool(2, padding: [1, 1]);
              reshape([8, -1]);
              conv1d(8, kernel: 3, stride: 2, padding: same, activation: tanh);
              maxpool(2);
              avgpool(3, stride: 1, padding: [1]);
              global_maxpool;
              reshape([2, 4]);
              global_avgpool;
              dense(10);
              loss softmax_cross_entropy;
            }
            """),
        Arguments.of("GroupedAndTransposed", """
            network GroupedAndTransposed {
              input x: float[16, 28, 28];
              conv2d(32, kernel: 3, stride: 2, padding: [1, 1], groups: 4, activation: relu);
              conv2d(32, kernel: 5, padding: same, groups: 32, activation: gelu);
              reshape([32, 196]);
              conv1d(16, kernel: 3, padding: same, groups: 2);
              reshape([16, 14, 14]);
              conv_transpose2d(8, kernel: [3, 4], stride: [2, 3], padding: [1, 0], output_padding: [1, 2], activation: elu);
              conv_transpose2d(2, kernel: 3, stride: 2, padding: 1, output_padding: 1, bias: false);
              loss mse;
            }
            """),
        Arguments.of("EveryOp", """
            network EveryOp {
              input x: float[4, 6];
              flatten;
              dense(24, activation: silu);
              dropout(0.1);
              reshape([4, -1]);
              softmax;
              flatten;
              sigmoid; tanh; relu; leaky_relu(alpha: 0.2); elu(alpha: 0.5); gelu; silu; softplus;
              dense(12, activation: elu, bias: false);
              dense(10);
              log_softmax;
              loss kl_divergence;
            }
            """));
  }

  /**
   * 1,000 layers: the forward and backward passes and the layout are split into parts, so size
   * stays flat as the network grows.
   */
  @org.junit.jupiter.api.Test
  void deep1000() {
    everyGeneratedMethodIsUnderHugeMethodLimit("Deep1000", deepChain(1000));
  }

  /** The largest graphs the limits allow: a 64-way add and concat, 100 inputs, 100 outputs. */
  @org.junit.jupiter.api.Test
  void widestGraphs() {
    int merge = dev.netc.codegen.base.Limits.MAX_MERGE_INPUTS;
    int ports = dev.netc.codegen.base.Limits.MAX_PORTS;
    StringBuilder wide = new StringBuilder("network WideMerge {\n  input x: float[8];\n");
    StringBuilder names = new StringBuilder();
    for (int i = 0; i < merge; i++) {
      wide.append("  b").append(i).append(" = dense(x, 4, activation: tanh);\n");
      names.append(i == 0 ? "" : ", ").append("b").append(i);
    }
    wide.append("  s = add(").append(names).append(");\n  c = concat(").append(names).append(");\n")
        .append("  j = concat(s, c) -> dense(2);\n  loss mse;\n}\n");
    everyGeneratedMethodIsUnderHugeMethodLimit("WideMerge", wide.toString());

    StringBuilder inputs = new StringBuilder("network ManyInputs {\n");
    StringBuilder outputs = new StringBuilder("network ManyOutputs {\n  input x: float[4];\n  h = dense(8);\n");
    StringBuilder outNames = new StringBuilder();
    for (int i = 0; i < ports; i++) {
      inputs.append("  input in").append(i).append(": float[2];\n");
      outputs.append("  o").append(i).append(" = dense(h, 2);\n  loss mse(o").append(i).append(", weight: 0.5);\n");
      outNames.append(i == 0 ? "" : ", ").append("o").append(i);
    }
    inputs.append("  g0 = concat(");
    for (int i = 0; i < ports; i++) {
      inputs.append(i == 0 ? "" : i % merge == 0 ? ");\n  g" + (i / merge) + " = concat(" : ", ").append("in").append(i);
    }
    inputs.append(");\n  concat(g0, g1) -> dense(3);\n  loss mse;\n}\n");
    everyGeneratedMethodIsUnderHugeMethodLimit("ManyInputs", inputs.toString());
    outputs.append("  output ").append(outNames).append(";\n}\n");
    everyGeneratedMethodIsUnderHugeMethodLimit("ManyOutputs", outputs.toString());
  }

  /** {@code layers} dense/relu layers of width 32, then a 10-way head. */
  static String deepChain(int layers) {
    StringBuilder s = new StringBuilder("network Deep" + layers + " {\n  input x: float[32];\n");
    for (int i = 0; i < layers; i++) {
      s.append("  dense(32, activation: relu);\n");
    }
    return s.append("  dense(10);\n  loss softmax_cross_entropy;\n}\n").toString();
  }

  record MethodSize(String owner, String name, String descriptor, int codeLength) {
    @Override
    public String toString() {
      return owner + "." + name + descriptor + ": " + codeLength + " bytes";
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("networks")
  void everyGeneratedMethodIsUnderHugeMethodLimit(String name, String source) {
    Nets.Built built = Nets.compile(source);
    List<MethodSize> methods = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : built.classes().classFiles().entrySet()) {
      methods.addAll(codeLengths(e.getKey(), e.getValue()));
    }
    assertFalse(methods.isEmpty());
    methods.sort(Comparator.comparingInt(MethodSize::codeLength).reversed());
    System.out.printf("%s: %d classes, %d methods with code; largest: %s%n", name,
        built.classes().classFiles().size(), methods.size(), methods.get(0));
    List<MethodSize> huge = methods.stream().filter(m -> m.codeLength() >= HUGE_METHOD_LIMIT).toList();
    assertTrue(huge.isEmpty(), name + ": methods at or over " + HUGE_METHOD_LIMIT + " bytes: " + huge);
  }

  /**
   * The {@code code_length} of every method with a {@code Code} attribute, read from the class
   * file's method table with ASM's {@link ClassReader} accessors (the visitor API does not expose
   * it). Cross-checked against ASM's own method visit: same methods, same order.
   */
  /** Every method of every class {@code built} compiled to, largest first. */
  static List<MethodSize> methodsBySize(Nets.Built built) {
    List<MethodSize> methods = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : built.classes().classFiles().entrySet()) {
      methods.addAll(codeLengths(e.getKey(), e.getValue()));
    }
    methods.sort(Comparator.comparingInt(MethodSize::codeLength).reversed());
    return methods;
  }

  static List<MethodSize> codeLengths(String className, byte[] classFile) {
    ClassReader reader = new ClassReader(classFile);
    char[] chars = new char[reader.getMaxStringLength()];
    int offset = reader.header + 6; // access_flags, this_class, super_class
    offset += 2 + 2 * reader.readUnsignedShort(offset); // interfaces
    int fields = reader.readUnsignedShort(offset);
    offset += 2;
    for (int f = 0; f < fields; f++) {
      offset = skipAttributes(reader, offset + 6);
    }
    int methodCount = reader.readUnsignedShort(offset);
    offset += 2;
    List<MethodSize> out = new ArrayList<>();
    List<String> parsedSignatures = new ArrayList<>();
    for (int m = 0; m < methodCount; m++) {
      String name = reader.readUTF8(offset + 2, chars);
      String descriptor = reader.readUTF8(offset + 4, chars);
      parsedSignatures.add(name + descriptor);
      int attributes = reader.readUnsignedShort(offset + 6);
      offset += 8;
      for (int a = 0; a < attributes; a++) {
        String attribute = reader.readUTF8(offset, chars);
        int length = reader.readInt(offset + 2);
        if (attribute.equals("Code")) {
          // Code: max_stack u2, max_locals u2, code_length u4
          out.add(new MethodSize(className, name, descriptor, reader.readInt(offset + 10)));
        }
        offset += 6 + length;
      }
    }
    List<String> visitedSignatures = new ArrayList<>();
    reader.accept(new ClassVisitor(Opcodes.ASM9) {
      @Override
      public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
          String[] exceptions) {
        visitedSignatures.add(name + descriptor);
        return null;
      }
    }, ClassReader.SKIP_CODE);
    assertEquals(visitedSignatures, parsedSignatures, "class file walk out of step with ASM");
    return out;
  }

  private static int skipAttributes(ClassReader reader, int offset) {
    int attributes = reader.readUnsignedShort(offset);
    offset += 2;
    for (int a = 0; a < attributes; a++) {
      offset += 6 + reader.readInt(offset + 2);
    }
    return offset;
  }
}
