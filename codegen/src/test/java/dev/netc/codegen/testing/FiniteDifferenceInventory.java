package dev.netc.codegen.testing;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

/**
 * Which catalogue ops and losses the finite-difference tests check, found by running them: every
 * test class tagged {@value #TAG} runs under the JUnit launcher in census mode, where each {@link
 * GradCheck} call records its model's graph ops ({@link FiniteDifferenceLedger}) and aborts the
 * test instead of differencing. An op counts only if a gradient check really reaches a model that
 * contains it; a tagged class's other tests run as usual. Classes that already ran in this JVM
 * ({@link FiniteDifferenceTests}) are not run again: their real checks recorded their ops.
 */
public final class FiniteDifferenceInventory {
  private FiniteDifferenceInventory() {}

  /** The tag of test classes that run finite-difference checks through {@link GradCheck}. */
  public static final String TAG = "finite-differences";

  private static Set<String> ops;
  private static Set<String> losses;
  private static int classes;
  private static int censusRuns;

  /** The ops some finite-difference check differences. */
  public static synchronized Set<String> opsCovered() {
    census();
    return ops;
  }

  /** The losses some finite-difference check differences. */
  public static synchronized Set<String> lossesCovered() {
    census();
    return losses;
  }

  /** How many test classes carry the tag (a sanity check that the census found them). */
  public static synchronized int taggedClasses() {
    census();
    return classes;
  }

  /** How many of them the census had to run (the others had run in this JVM already). */
  public static synchronized int classesRunByCensus() {
    census();
    return censusRuns;
  }

  private static void census() {
    if (ops != null) {
      return;
    }
    Launcher launcher = LauncherFactory.create();
    TestPlan plan = launcher.discover(LauncherDiscoveryRequestBuilder.request()
        .selectors(selectPackage("dev.netc.codegen"))
        .filters(TagFilter.includeTags(TAG))
        .build());
    List<String> tagged = new ArrayList<>();
    for (TestIdentifier root : plan.getRoots()) {
      for (TestIdentifier child : plan.getChildren(root)) {
        child.getSource().filter(ClassSource.class::isInstance)
            .ifPresent(s -> tagged.add(((ClassSource) s).getClassName()));
      }
    }
    classes = tagged.size();
    // classes that already ran in this JVM (a whole-module build) have recorded their checks
    List<DiscoverySelector> pending = tagged.stream()
        .filter(c -> !FiniteDifferenceLedger.hasCompleted(c))
        .map(c -> (DiscoverySelector) selectClass(c)).toList();
    if (!pending.isEmpty()) {
      LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
          .selectors(pending).filters(TagFilter.includeTags(TAG)).build();
      SummaryGeneratingListener summary = new SummaryGeneratingListener();
      FiniteDifferenceLedger.census(true);
      try {
        launcher.execute(request, summary);
      } finally {
        FiniteDifferenceLedger.census(false);
      }
      censusRuns = pending.size();
    }
    ops = FiniteDifferenceLedger.ops();
    losses = FiniteDifferenceLedger.losses();
  }
}
