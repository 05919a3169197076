package dev.netc.runtime.io;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link ModelFileFuzzTarget} under JUnit: in a plain {@code mvn test} it replays every file in
 * {@code src/test/resources/dev/netc/runtime/io/ModelFileFuzzTestInputs/load/} (the seeds of
 * {@link ModelFileFuzzSeeds} and every crash fuzzing found); with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class ModelFileFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void load(byte[] data) {
    ModelFileFuzzTarget.fuzzerTestOneInput(data);
  }
}
