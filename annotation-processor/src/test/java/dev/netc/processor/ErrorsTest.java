package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every mistake is a javac error on the element, annotation or value it is about, worded in the
 * annotations' terms: the checks are the .net front end's, the advice is Java ({@link JavaAdvice}).
 */
class ErrorsTest {

  private static final String XOR_HEADER =
      "@Network(loss = Loss.MSE, optimizer = @Optimizer(value = Optimizers.SGD, lr = 0.5))\n";

  /** Compiles {@code body}, expects exactly one error containing {@code message} on the line containing {@code line}. */
  private static void expectError(String body, String message, String line) {
    JavaFileObject file = Sources.java("Net", body);
    Compilation c = Sources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(message).inFile(file).onLineContaining(line);
  }

  @Test
  void denseWithZeroUnits() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 0) Layer out();
        }
        """, "@Dense: units expects a positive integer, got 0", "units = 0");
  }

  @Test
  void dropoutRateOutOfRange() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dropout(rate = 1.5) Layer drop();
          @Dense(units = 1) Layer out();
        }
        """, "@Dropout: rate expects a number in [0.0, 1.0), got 1.5", "rate = 1.5");
  }

  @Test
  void alphaBeyondTheFloatRange() {
    // once generated as Infinityf, which javac rejected in the generated source
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 4) Layer hidden();
          @Activate(value = Activation.LEAKY_RELU, alpha = 1e39) Layer act();
          @Dense(units = 1) Layer out();
        }
        """, "@Activate(Activation.LEAKY_RELU): alpha is 1.0E39, beyond the float range (at most 3.4028235E38 in"
        + " magnitude)",
        "alpha = 1e39");
  }

  @Test
  void denseOnRank2InputWithoutFlatten() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input({28, 28}) Layer image();
          @Dense(units = 10) Layer out();
        }
        """, "@Dense: expected rank-1 input, got float[28, 28]; add a @Flatten method before out()",
        "@Dense(units = 10)");
  }

  @Test
  void inputNamingAnUnknownLayer() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 4) Layer hidden();
          @Dense(units = 1, input = "hiden") Layer out();
        }
        """, "no method named \"hiden\"; did you mean \"hidden\"?", "\"hiden\"");
  }

  @Test
  void inputNamingALaterLayer() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 4, input = "out") Layer hidden();
          @Dense(units = 1) Layer out();
        }
        """, "hidden() cannot read out(), which is declared below it; a layer reads only the methods"
        + " declared above it: move out() up", "input = \"out\"");
  }

  @Test
  void layerNamesThatClashInTheGeneratedJava() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 4) Layer hidden_layer();
          @Dense(units = 1) Layer hiddenLayer();
        }
        """, "name 'hiddenLayer' clashes with 'hidden_layer' (line 6)", "Layer hiddenLayer()");
  }

  @Test
  void layerMethodWithParameters() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) Layer out(Layer previous);
        }
        """, "layer method out() must take no parameters", "Layer out(Layer previous)");
  }

  @Test
  void layerMethodNotReturningLayer() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) int out();
        }
        """, "layer method out() must return dev.netc.annotations.Layer, not int", "int out()");
  }

  @Test
  void abstractMethodWithoutLayerAnnotation() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          Layer forgotten();
          @Dense(units = 1) Layer out();
        }
        """, "method forgotten() is not a layer", "Layer forgotten()");
  }

  @Test
  void anInputNoLayerReads() {
    // the dense layer chains from the last input declared; x feeds nothing
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Input(3) Layer y();
          @Dense(units = 1) Layer out();
        }
        """, "input x is never used: no output depends on it", "@Input(2)");
  }

  @Test
  void noInput() {
    expectError(XOR_HEADER + """
        interface Net {
          @Dense(units = 1) Layer out();
        }
        """, "network Net has no input; add @Input with its shape to a method, such as @Input(4) Layer x();",
        "@Network");
  }

  @Test
  void reshapeToTheWrongElementCount() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input({4, 6}) Layer x();
          @Reshape({5, 5}) Layer grid();
          @Flatten Layer flat();
          @Dense(units = 1) Layer out();
        }
        """, "@Reshape: cannot reshape float[4, 6] (24 elements) to [5, 5] (25 elements)", "@Reshape({5, 5})");
  }

  @Test
  void softmaxIsNotADenseActivation() {
    expectError(XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 2, activation = Activation.SOFTMAX) Layer out();
        }
        """, "@Dense: activation expects one of LINEAR, SIGMOID, TANH, RELU, LEAKY_RELU, ELU, GELU, SILU,"
        + " SOFTPLUS, got SOFTMAX", "Activation.SOFTMAX");
  }

  @Test
  void optimizerArgumentTheOptimizerDoesNotTake() {
    expectError("""
        @Network(loss = Loss.MSE,
            optimizer = @Optimizer(value = Optimizers.ADAM, momentum = 0.9))
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) Layer out();
        }
        """, "Optimizers.ADAM takes no momentum; remove it (it takes lr, beta1, beta2, eps, weightDecay)",
        "momentum = 0.9");
  }

  @Test
  void trainingBatchOfZero() {
    expectError(XOR_HEADER + """
        @Training(epochs = 5,
            batch = 0)
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) Layer out();
        }
        """, "training setting 'batch' expects", "batch = 0");
  }

  @Test
  void networkOnAClass() {
    expectError(XOR_HEADER + """
        class Net {
          @Input(2) Layer x() { return null; }
        }
        """, "@Network goes on an interface or an abstract class; Net is a class that is not abstract",
        "@Network");
  }

  @Test
  void generatedNameTakenByAUserClass() {
    JavaFileObject net = Sources.java("Net", XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) Layer out();
        }
        """);
    JavaFileObject taken = Sources.java("NetModel", "class NetModel {}\n");
    Compilation c = Sources.compile(net, taken);
    assertThat(c).hadErrorContaining("network test.Net generates test.NetModel, but that class is already declared")
        .inFile(net).onLineContaining("@Network");
  }

  @Test
  void twoNetworksWithTheSameGeneratedName() {
    JavaFileObject net = Sources.java("Net", XOR_HEADER + """
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 1) Layer out();
        }
        """);
    JavaFileObject outer = Sources.java("Outer", """
        class Outer {
          @Network(loss = Loss.MSE)
          interface Net {
            @Input(2) Layer x();
            @Dense(units = 1) Layer out();
          }
        }
        """);
    Compilation c = Sources.compile(net, outer);
    assertThat(c).failed();
    assertThat(c).hadErrorContaining("which network test.Net generates already; rename one")
        .inFile(outer).onLineContaining("@Network");
  }

  @Test
  void layerAnnotationOutsideANetwork() {
    expectError("""
        interface Net {
          @Dense(units = 1) Layer out();
        }
        """, "@Dense is only read inside an interface or abstract class annotated with @Network", "@Dense");
  }

  @Test
  void softmaxBeforeSoftmaxCrossEntropyIsAWarningOnTheLoss() {
    JavaFileObject file = Sources.java("Net", """
        @Network(loss = Loss.SOFTMAX_CROSS_ENTROPY)
        interface Net {
          @Input(2) Layer x();
          @Dense(units = 3) Layer logits();
          @Activate(Activation.SOFTMAX) Layer probabilities();
        }
        """);
    Compilation c = Sources.compile(file);
    assertThat(c).succeeded();
    assertThat(c).hadWarningContaining("softmax_cross_entropy applies softmax itself; remove the softmax at line 7")
        .inFile(file).onLineContaining("Loss.SOFTMAX_CROSS_ENTROPY");
  }
}
