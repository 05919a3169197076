package dev.netc.codegen.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks a test class that runs finite-difference checks through {@link GradCheck}: {@link
 * FiniteDifferenceInventory} finds it by its tag, and when the class has already run in this JVM
 * (a whole-module build) the inventory reads what its checks recorded instead of running it again.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(FiniteDifferenceInventory.TAG)
@ExtendWith(FiniteDifferenceTests.Completion.class)
public @interface FiniteDifferenceTests {

  /** Records that a tagged class ran to its end outside the census. */
  final class Completion implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
      context.getTestClass().ifPresent(FiniteDifferenceLedger::completed);
    }
  }
}
