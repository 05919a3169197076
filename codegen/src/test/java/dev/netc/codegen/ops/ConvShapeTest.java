package dev.netc.codegen.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.NetcCompiler;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.runtime.Model;
import dev.netc.codegen.testing.Nets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Shape rules of conv1d, conv2d (with groups), conv_transpose2d, the pools and the global pools: output sizes (valid, same with odd
 * and even windows, explicit padding, stride, dilation), and every impossible configuration as one
 * exact error at the argument that causes it ({@code line:col message}).
 */
class ConvShapeTest {

  /** The network: input on line 3, the layer under test on line 4 starting at column 3. */
  private static String net(String input, String layer) {
    return """
        network Shapes {
          // layer under test on line 4
          input x: float[%s];
          %s;
          flatten;
          dense(2);
          loss mse;
        }
        """.formatted(input, layer);
  }

  @ParameterizedTest(name = "{1} on [{0}] -> [{2}]")
  @CsvSource(delimiter = '|', value = {
      "1, 28, 28 | conv2d(32, kernel: 3)                          | 32, 26, 26",
      "1, 28, 28 | conv2d(32, kernel: 3, padding: same)           | 32, 28, 28",
      "1, 28, 28 | conv2d(8, kernel: 4, padding: same)            | 8, 28, 28",
      "1, 28, 28 | conv2d(8, kernel: 3, stride: 2)                | 8, 13, 13",
      "1, 28, 28 | conv2d(8, kernel: 3, stride: 2, padding: same) | 8, 14, 14",
      "1, 28, 27 | conv2d(8, kernel: 3, stride: 2, padding: same) | 8, 14, 14",
      "3, 10, 12 | conv2d(4, kernel: [3, 5], padding: [1, 2])     | 4, 10, 12",
      "3, 10, 12 | conv2d(4, kernel: 3, dilation: 2)              | 4, 6, 8",
      "3, 10, 12 | conv2d(4, kernel: 3, dilation: 2, padding: same) | 4, 10, 12",
      "3, 10, 12 | conv2d(4, kernel: 1, stride: [2, 3])           | 4, 5, 4",
      "4, 10, 10 | conv2d(8, kernel: 3, stride: 2, padding: 1, groups: 2) | 8, 5, 5",
      "4, 10, 10 | conv2d(4, kernel: 3, groups: 4)                | 4, 8, 8",
      "2, 100    | conv1d(6, kernel: 5, groups: 2)                | 6, 96",
      "3, 7, 7   | conv_transpose2d(4, kernel: 3, stride: 2, padding: 1, output_padding: 1) | 4, 14, 14",
      "3, 5, 4   | conv_transpose2d(2, kernel: [3, 2], stride: [1, 3]) | 2, 7, 11",
      "1, 1, 1   | conv_transpose2d(8, kernel: 4)                 | 8, 4, 4",
      "2, 4, 4   | conv_transpose2d(3, kernel: 5, stride: 2, padding: 2) | 3, 7, 7",
      "2, 100    | conv1d(6, kernel: 5)                           | 6, 96",
      "2, 100    | conv1d(6, kernel: 5, stride: 3, padding: same) | 6, 34",
      "2, 100    | conv1d(6, kernel: 3, dilation: 4, padding: [4]) | 6, 100",
      "32, 26, 26 | maxpool(2)                                    | 32, 13, 13",
      "32, 11, 11 | maxpool(2)                                    | 32, 5, 5",
      "32, 11, 11 | maxpool(2, padding: same)                     | 32, 6, 6",
      "4, 7, 7   | maxpool(3, stride: 2, padding: [1, 1])         | 4, 4, 4",
      "4, 7, 9   | avgpool([1, 3])                                | 4, 7, 3",
      "4, 9      | avgpool(3, stride: 1)                          | 4, 7",
      "4, 9      | maxpool                                        | 4, 4",
      "4, 7, 7   | global_avgpool                                 | 4",
      "4, 9      | global_maxpool                                 | 4"})
  void outputShape(String input, String layer, String expected) {
    Model model = Nets.model(net(input, layer.trim()).replace("flatten;\n  dense(2);\n", ""));
    int[] want = Arrays.stream(expected.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    assertEquals(Arrays.toString(want), Arrays.toString(model.outputShape()));
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(delimiter = '|', value = {
      "784       | conv2d(32, kernel: 3) | 4:3 conv2d: expected input [channels, height, width], got float[784]; add reshape([1, 28, 28])",
      "28, 28    | conv2d(32, kernel: 3) | 4:3 conv2d: expected input [channels, height, width], got float[28, 28]; add reshape([1, 28, 28]) for one channel",
      "100       | conv1d(4)             | 4:3 conv1d: expected input [channels, length], got float[100]; add reshape([1, 100]) for one channel",
      "1, 3, 3   | conv2d(8, kernel: 5)  | 4:13 conv2d: kernel 5 larger than input 3x3 after padding valid",
      "1, 3, 3   | conv2d(8, kernel: [2, 4]) | 4:13 conv2d: kernel 2x4 larger than input 3x3 after padding valid",
      "1, 4, 4   | conv2d(8, kernel: 7, padding: [1, 1]) | 4:13 conv2d: kernel 7 larger than input 4x4 after padding [1, 1]",
      "1, 5, 5   | conv2d(8, kernel: 3, dilation: 3) | 4:13 conv2d: dilated kernel 7 (kernel 3, dilation 3) larger than input 5x5 after padding valid",
      "2, 4      | conv1d(8, kernel: 5)  | 4:13 conv1d: kernel 5 larger than input length 4 after padding valid",
      "1, 8, 8   | conv2d(8, kernel: [3, 3, 3]) | 4:13 conv2d: kernel takes 1 or 2 values, got 3 [3, 3, 3]",
      "1, 8      | conv1d(8, stride: [1, 2]) | 4:13 conv1d: stride takes one value, got 2 [1, 2]",
      "1, 8, 8   | conv2d(8, padding: full) | 4:22 conv2d: argument 'padding' expects valid, same, or a list of non-negative integers such as [1, 1], got 'full'",
      "1, 8, 8   | conv2d(8, padding: sme) | 4:22 conv2d: argument 'padding' expects valid, same, or a list of non-negative integers such as [1, 1], got 'sme', did you mean 'same'?",
      "1, 8, 8   | conv2d(0)              | 4:10 conv2d: argument 'filters' expects a positive integer, got 0",
      "4, 8, 8   | conv2d(6, groups: 3)   | 4:13 conv2d: groups 3 must divide both the 4 input channels and the 6 filters; use a groups value that divides both",
      "4, 8, 8   | conv2d(6, groups: 4)   | 4:13 conv2d: groups 4 must divide both the 4 input channels and the 6 filters; use a groups value that divides both or a multiple of 4 filters",
      "3, 8      | conv1d(3, groups: 0)   | 4:21 conv1d: argument 'groups' expects a positive integer, got 0",
      "3, 4, 4   | conv_transpose2d(2, stride: 2, output_padding: 2) | 4:34 conv_transpose2d: output_padding 2 must be smaller than the height stride 2; it only picks among the 2 output sizes a stride of 2 can give",
      "3, 4, 4   | conv_transpose2d(2, stride: [1, 2], output_padding: [0, 2]) | 4:39 conv_transpose2d: output_padding 2 must be smaller than the width stride 2; it only picks among the 2 output sizes a stride of 2 can give",
      "3, 2, 2   | conv_transpose2d(2, kernel: 3, padding: 2) | 4:34 conv_transpose2d: padding 2 leaves an output height of 0 ((2 - 1) * stride 1 - 2 * padding + kernel 3 + output_padding 0); use less padding",
      "784       | conv_transpose2d(2)    | 4:3 conv_transpose2d: expected input [channels, height, width], got float[784]",
      "28, 28    | conv_transpose2d(2)    | 4:3 conv_transpose2d: expected input [channels, height, width], got float[28, 28]; add reshape([1, 28, 28]) for one channel",
      "1, 4, 4   | conv_transpose2d(2, kernel: [3, 3, 3]) | 4:23 conv_transpose2d: kernel takes 1 or 2 values, got 3 [3, 3, 3]",
      "1, 4, 4   | conv_transpose2d(2000000, kernel: 1000) | 4:29 conv_transpose2d: kernel 1000x1000 over 2000000 filters needs a column workspace of 32000000000000 floats per example, over the limit of 134217728; use a smaller kernel or fewer filters",
      "1, 4, 4   | conv_transpose2d(2147483647, kernel: [2147483647, 1]) | 4:32 conv_transpose2d: the output height 2147483650 (padded 2147483650) is more than 134217728; use a smaller stride, kernel or padding",
      "1, 4, 4   | conv_transpose2d(1, kernel: 1, stride: 100000000) | 4:34 conv_transpose2d: the output height 300000001 (padded 300000001) is more than 134217728; use a smaller stride, kernel or padding",
      "1, 4, 4   | conv_transpose2d(2, padding: same) | 4:32 conv_transpose2d: argument 'padding' expects a list of non-negative integers such as [1, 1], got 'same'",
      "4, 3, 3   | maxpool(4)             | 4:11 maxpool: window 4 larger than input 3x3 after padding valid",
      "4, 9      | avgpool(3, padding: [2]) | 4:14 avgpool: padding 2 is more than half the window 3; a window could hold padding only",
      "36        | maxpool(2)             | 4:3 maxpool: expected input [channels, length] or [channels, height, width], got float[36]; add reshape([1, 36]) for one channel",
      "64, 1000, 1000 | conv2d(8, kernel: 5) | 4:13 conv2d: kernel 5x5 over 64 channels needs an im2col workspace of 1587225600 floats per example, over the limit of 134217728; use a smaller kernel, fewer channels or a stride",
      "36        | global_avgpool         | 4:3 global_avgpool: expected input [channels, ...] with at least one spatial axis, got float[36]"})
  void impossibleConfigurationIsReportedAtTheArgument(String input, String layer, String expected) {
    CompileResult result = NetcCompiler.compile(new SourceFile("Shapes.net", net(input.trim(), layer.trim())), "t");
    List<String> errors = result.diagnostics().stream().filter(Diagnostic::isError)
        .map(d -> d.pos().line() + ":" + d.pos().column() + " " + d.message()).toList();
    assertEquals(List.of(expected.trim()), errors);
  }
}
