package dev.netc.onnx.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link OnnxImportFuzzTarget} under JUnit: a plain {@code mvn test} replays every file in
 * {@code src/test/resources/dev/netc/onnx/fuzz/OnnxImportFuzzTestInputs/importModel/} (seeds and
 * crashes); with {@code JAZZER_FUZZ=1} it fuzzes; {@code fuzz/campaign.sh} runs it with the
 * standalone driver.
 */
class OnnxImportFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void importModel(byte[] data) {
    OnnxImportFuzzTarget.fuzzerTestOneInput(data);
  }
}
