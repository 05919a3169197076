package dev.netc.bench.coldstart;

import java.time.Instant;

/**
 * The floor under every Java cold start: a main that loads nothing and prints the same line as
 * {@link ColdStart} at once. The difference between the two is what netc adds (class loading,
 * reading the weights, the first prediction); the floor is the JVM's.
 */
public final class JvmFloor {
  private JvmFloor() {}

  public static void main(String[] args) {
    Instant now = Instant.now();
    System.out.println(new StringBuilder("PREDICTED -1 ")
        .append(now.getEpochSecond() * 1_000_000_000L + now.getNano()));
  }
}
