package dev.netc.codegen.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** A fixture without well-formed provenance (torch version, generating script) is refused. */
class NetFixtureProvenanceTest {

  @Test
  void acceptsAReleaseVersionAndAScriptNextToTheFixtures() {
    assertDoesNotThrow(() -> NetFixture.checkProvenance("f", "2.1.0", "dense_reference.py"));
    assertDoesNotThrow(() -> NetFixture.checkProvenance("f", "1.13.0a0", "dense_reference.py"));
    assertDoesNotThrow(() -> NetFixture.checkProvenance("f", "2.3.1+cpu", "dense_reference.py"));
  }

  @Test
  void refusesMissingOrMalformedProvenance() {
    assertRefused("no 'torch <version>' line", null, "dense_reference.py");
    assertRefused("malformed torch version 'latest'", "latest", "dense_reference.py");
    assertRefused("malformed torch version '2.1'", "2.1", "dense_reference.py");
    assertRefused("no 'script <file>.py' line", "2.1.0", null);
    assertRefused("malformed script name '../x.py'", "2.1.0", "../x.py");
    assertRefused("written by missing_reference.py, which is not next to the fixtures", "2.1.0",
        "missing_reference.py");
  }

  @Test
  void everyCommittedFixtureNamesItsTorchVersion() {
    List<String> all = NetFixture.all().toList();
    assertTrue(all.size() > 100, "fixtures found: " + all.size());
    for (String file : all) {
      NetFixture f = NetFixture.load(file);
      assertTrue(NetFixture.TORCH_VERSION.matcher(f.torchVersion()).matches(), file);
    }
  }

  private static void assertRefused(String message, String torch, String script) {
    AssertionFailedError e = assertThrows(AssertionFailedError.class,
        () -> NetFixture.checkProvenance("net/x/case.txt", torch, script));
    assertTrue(e.getMessage().startsWith("net/x/case.txt: "), e.getMessage());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
