package dev.netc.runtime.data;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link CsvFuzzTarget} under JUnit: a plain {@code mvn test} replays every file in
 * {@code src/test/resources/dev/netc/runtime/data/CsvFuzzTestInputs/read/} (seeds and crashes);
 * with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class CsvFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void read(byte[] data) {
    CsvFuzzTarget.fuzzerTestOneInput(data);
  }
}
