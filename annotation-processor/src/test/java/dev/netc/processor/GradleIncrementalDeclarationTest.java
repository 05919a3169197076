package dev.netc.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;

/**
 * Gradle compiles incrementally only when every processor on the processor path declares its
 * category in {@code META-INF/gradle/incremental.annotation.processors}; one undeclared processor
 * makes every build a full recompile. Both netc processors write each generated class with the
 * annotated type (or the {@code @NetFiles} element) as its one originating element, so both are
 * isolating.
 */
class GradleIncrementalDeclarationTest {

  @org.junit.jupiter.api.Test
  void everyRegisteredProcessorIsDeclaredIsolating() throws IOException {
    Map<String, String> declared = new TreeMap<>();
    try (InputStream in = getClass().getResourceAsStream("/META-INF/gradle/incremental.annotation.processors")) {
      assertNotNull(in, "no META-INF/gradle/incremental.annotation.processors");
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.isBlank()) {
          String[] parts = line.trim().split(",");
          declared.put(parts[0], parts.length > 1 ? parts[1] : "(no category)");
        }
      }
    }
    Map<String, String> registered = ServiceLoader.load(Processor.class, getClass().getClassLoader()).stream()
        .map(p -> p.type().getName())
        .filter(name -> name.startsWith("dev.netc."))
        .collect(Collectors.toMap(name -> name, name -> "isolating", (a, b) -> a, TreeMap::new));
    assertEquals(2, registered.size(), "the processors registered through auto-service: " + registered);
    assertEquals(registered, declared);
  }
}
