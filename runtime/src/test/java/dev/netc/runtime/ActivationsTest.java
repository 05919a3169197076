package dev.netc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derivatives computed from the output against the forward function, at the signed zeros and
 * at negative inputs, with alpha 0 in particular: there the forward value of a negative input is
 * {@code -0f} (0 times a negative number), which a derivative reading the output's sign bit once
 * took for a positive output and passed the gradient straight through.
 */
class ActivationsTest {
  private static final float[] NON_POSITIVE = {-0f, 0f, -1e-30f, -1e-3f, -0.5f, -3f, -1e6f};

  /** As generated code writes leaky_relu with 0 <= alpha <= 1. */
  private static float leakyRelu(float x, float alpha) {
    return Math.max(x, alpha * x);
  }

  @Test
  void stepIsOneExactlyForPositiveOutputs() {
    assertEquals(0f, Activations.step(-0f));
    assertEquals(0f, Activations.step(0f));
    assertEquals(0f, Activations.step(-Float.MIN_VALUE));
    assertEquals(0f, Activations.step(Float.NEGATIVE_INFINITY));
    assertEquals(1f, Activations.step(Float.MIN_VALUE));
    assertEquals(1f, Activations.step(2.5f));
    assertEquals(1f, Activations.step(Float.POSITIVE_INFINITY));
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.01f, 0.2f, 1f})
  void leakyStepIsAlphaForNonPositiveInputs(float alpha) {
    for (float x : NON_POSITIVE) {
      assertEquals(alpha, Activations.leakyStep(leakyRelu(x, alpha), alpha), "leaky_relu'(" + x + ")");
    }
    assertEquals(1f, Activations.leakyStep(leakyRelu(0.7f, alpha), alpha));
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, 0.5f, 1f})
  void eluGradientMatchesTheForwardFunction(float alpha) {
    for (float x : NON_POSITIVE) {
      float y = Activations.elu(x, alpha);
      // d/dx alpha (e^x - 1) = alpha e^x, which is alpha at both zeros (PyTorch's convention)
      double expected = alpha * Math.exp(x);
      assertEquals(expected, Activations.eluGradFromOutput(y, alpha), 1e-6, "elu'(" + x + ")");
    }
    assertEquals(1f, Activations.eluGradFromOutput(Activations.elu(0.7f, alpha), alpha));
  }

  @Test
  void derivativesAgreeWithFiniteDifferencesOfTheForwardAtAlphaZero() {
    float h = 1e-3f;
    for (float x : new float[] {-0.5f, -2f, 0.5f, 2f}) {
      double leaky = (leakyRelu(x + h, 0f) - leakyRelu(x - h, 0f)) / (2.0 * h);
      assertEquals(leaky, Activations.leakyStep(leakyRelu(x, 0f), 0f), 1e-3, "leaky_relu'(" + x + ")");
      double elu = (Activations.elu(x + h, 0f) - Activations.elu(x - h, 0f)) / (2.0 * h);
      assertEquals(elu, Activations.eluGradFromOutput(Activations.elu(x, 0f), 0f), 1e-3, "elu'(" + x + ")");
    }
  }
}
