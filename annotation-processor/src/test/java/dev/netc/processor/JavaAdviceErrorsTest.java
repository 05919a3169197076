package dev.netc.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Malformed graph, loss and layer annotations: each is one javac error worded in Java terms (the
 * method, annotation or element to change, never .net syntax), on the line and column of the
 * element, annotation or value to fix.
 */
class JavaAdviceErrorsTest {

  /**
   * Compiles {@code body}; exactly one error, {@code message}, on the line containing {@code line} at
   * {@code column}: javac's position of the value, annotation or method (a constant such as
   * {@code Loss.MSE} is positioned at its dot, as javac positions its own errors there).
   */
  private static void expectError(String body, String message, String line, int column) {
    JavaFileObject file = Sources.java("Net", body);
    Compilation c = Sources.compile(file);
    assertThat(c).hadErrorCount(1);
    assertThat(c).hadErrorContaining(message).inFile(file).onLine(lineOf(Sources.IMPORTS + body, line))
        .atColumn(column);
  }

  /** The 1-based number of the one line of {@code source} that contains {@code text}. */
  private static long lineOf(String source, String text) {
    String[] lines = source.split("\n", -1);
    long found = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(text)) {
        assertEquals(-1, found, "more than one line contains " + text);
        found = i + 1;
      }
    }
    assertNotEquals(-1, found, "no line contains " + text);
    return found;
  }

  @Test
  void mergeNamingAMisspelledMethod() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 4) Layer stem();
          @Dense(units = 4) Layer branch();
          @Add({"branch",
                "stme"}) Layer res();
        }
        """, "no method named \"stme\"; did you mean \"stem\"?", "\"stme\"})", 9);
  }

  @Test
  void initialStateNamingAMisspelledMethod() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input({5, 3}) Layer x();
          @Gru(units = 4) Layer enc();
          @Gru(units = 4, input = "x", initialState = "emc") Layer dec();
        }
        """, "no method named \"emc\"; did you mean \"enc\"?", "initialState", 47);
  }

  @Test
  void inputNamingNothingClose() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 4) Layer hidden();
          @Dense(units = 1, input = "zzzzzz") Layer out();
        }
        """, "no method named \"zzzzzz\"; the layers above out() are x, hidden", "zzzzzz", 29);
  }

  @Test
  void inputNamingAHelperMethod() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          default Layer helper() { return null; }
          @Dense(units = 1, input = "helper") Layer out();
        }
        """, "method helper() is not a layer, so out() cannot read it", "input = \"helper\"", 29);
  }

  @Test
  void layerReadingItself() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Add({"x", "sum"}) Layer sum();
        }
        """, "sum() cannot read itself; name a method declared above it", "@Add", 14);
  }

  @Test
  void noInputSaysWhichAnnotationToAdd() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Dense(units = 1) Layer out();
        }
        """, "network Net has no input; add @Input with its shape to a method, such as @Input(4) Layer x();",
        "@Network", 1);
  }

  @Test
  void noLossAnywhere() {
    expectError("""
        @Network
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 1) Layer out();
        }
        """, "network Net has no loss; give one such as @Network(loss = Loss.MSE), or put a loss annotation such"
        + " as @SoftmaxCrossEntropy on the output method", "@Network", 1);
  }

  @Test
  void networkLossAndLossAnnotations() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 1) @L1 Layer out();
        }
        """, "network Net gives a loss here and loss annotations on its output methods; keep one",
        "loss = Loss.MSE", 21);
  }

  @Test
  void lossAnnotationWithoutALayer() {
    expectError("""
        @Network
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 1) Layer out();
          @Mse Layer scored();
        }
        """, "method scored() has @Mse but no layer annotation; put the loss on the layer it scores", "@Mse", 3);
  }

  @Test
  void twoLossesOnOneOutput() {
    expectError("""
        @Network
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 1) @Mse @L1 Layer out();
        }
        """, "method out() has both @Mse and @L1; one loss per output", "@L1", 26);
  }

  @Test
  void negativeLossWeight() {
    expectError("""
        @Network
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 2) @SoftmaxCrossEntropy Layer logits();
          @Dense(units = 1, input = "x") @Mse(weight = -1) Layer size();
        }
        """, "@Mse: weight must be a positive number, got -1.0", "weight = -1", 48);
  }

  @Test
  void namedAndExplicitPadding() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input({1, 8, 8}) Layer x();
          @Conv2d(filters = 2, padding = Padding.SAME, pad = 1) Layer conv();
          @GlobalAvgPool Layer gap();
        }
        """, "@Conv2d takes a named padding or explicit pad sizes, not both; remove one", "pad = 1", 54);
  }

  @Test
  void subOfThreeLayers() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 4) Layer a();
          @Dense(units = 4, input = "x") Layer b();
          @Sub({"x", "a", "b"}) Layer diff();
        }
        """, "@Sub merges exactly 2 values, got 3 (x, a, b)", "@Sub", 3);
  }

  @Test
  void mergeOfMismatchedChannelsSuggestsAProjectionMethod() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input({2, 6, 6}) Layer x();
          @Conv2d(filters = 4, padding = Padding.SAME) Layer stem();
          @Conv2d(filters = 8, padding = Padding.SAME) Layer wide();
          @Add("stem") Layer res();
          @GlobalAvgPool Layer gap();
        }
        """, "@Add: cannot merge wide float[8, 6, 6] and stem float[4, 6, 6]: element-wise merges need equal shapes (or a"
        + " per-channel [8] operand); project stem to 8 channels first, e.g. a method @Conv2d(filters = 8,"
        + " kernel = 1, input = \"stem\")", "@Add", 3);
  }

  @Test
  void tokenIdsIntoDense() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(value = 6, type = int.class) Layer tokens();
          @Dense(units = 2) Layer out();
        }
        """, "@Dense: int input needs an @Embedding layer first", "@Dense", 3);
  }

  @Test
  void inputOfAnotherElementType() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(value = 6, type = double.class) Layer x();
          @Dense(units = 2) Layer out();
        }
        """, "input x: type is float.class (values) or int.class (token ids), not double.class",
        "double.class", 34);
  }

  @Test
  void recurrentActivationTheCellDoesNotTake() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input({5, 3}) Layer x();
          @Rnn(units = 4, activation = Activation.SIGMOID) Layer rnn();
        }
        """, "@Rnn: activation expects one of TANH, RELU, got SIGMOID", "Activation.SIGMOID", 42);
  }

  @Test
  void concatAxisOutOfRange() {
    expectError("""
        @Network(loss = Loss.MSE)
        interface Net {
          @Input(4) Layer x();
          @Dense(units = 4) Layer a();
          @Concat(value = {"x", "a"}, axis = 2) Layer joined();
        }
        """, "@Concat: axis 2 is out of range for x float[4] (rank 1): its only axis is 0 (or -1)", "axis = 2", 38);
  }
}
