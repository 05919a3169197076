package dev.netc.processor;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * {@link NetworkInterfaceFuzzTarget} under JUnit: a plain {@code mvn test} replays every input in
 * {@code src/test/resources/dev/netc/processor/NetworkInterfaceFuzzTestInputs/compile/} (seeds and
 * crashes); with {@code JAZZER_FUZZ=1} it fuzzes.
 */
class NetworkInterfaceFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void compile(FuzzedDataProvider data) {
    NetworkInterfaceFuzzTarget.fuzzerTestOneInput(data);
  }
}
