package dev.netc.runtime.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link IdxFuzzTarget} under JUnit: a plain {@code mvn test} replays every file in
 * {@code src/test/resources/dev/netc/runtime/data/IdxFuzzTestInputs/read/} (seeds and crashes);
 * with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class IdxFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void read(byte[] data) {
    IdxFuzzTarget.fuzzerTestOneInput(data);
  }
}
