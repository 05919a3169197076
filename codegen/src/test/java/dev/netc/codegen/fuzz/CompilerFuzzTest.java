package dev.netc.codegen.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Jazzer fuzz test over the whole compiler. Under plain {@code mvn test} it runs in regression
 * mode: every file in {@code src/test/resources/dev/netc/codegen/fuzz/CompilerFuzzTestInputs/compile/}
 * (the samples, the malformed-file catalogue and every crash fuzzing found) is checked once.
 * With {@code JAZZER_FUZZ=1} it fuzzes; see docs/fuzzing.md.
 */
class CompilerFuzzTest {

  @FuzzTest(maxDuration = "60s")
  void compile(byte[] data) {
    CompilerFuzzTarget.fuzzerTestOneInput(data);
  }
}
