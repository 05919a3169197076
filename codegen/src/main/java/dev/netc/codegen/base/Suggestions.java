package dev.netc.codegen.base;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean" for misspelled names: the closest candidate by edit distance, if close enough. */
public final class Suggestions {
  private Suggestions() {}

  public static Optional<String> closest(String name, Collection<String> candidates) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(name.toLowerCase(), c.toLowerCase());
      if (d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    // allow about one typo per three letters, at least one
    int allowed = Math.max(1, name.length() / 3);
    return bestDistance <= allowed ? Optional.of(best) : Optional.empty();
  }

  /** ", did you mean 'x'?" or "" when nothing is close. */
  public static String didYouMean(String name, Collection<String> candidates) {
    return closest(name, candidates).map(s -> ", did you mean '" + s + "'?").orElse("");
  }

  /** ", did you mean 'x'?" when something is close, else "; known: " and all of {@code known}. */
  public static String didYouMeanOrList(String name, Collection<String> known) {
    String hint = didYouMean(name, known);
    return hint.isEmpty() ? "; known: " + String.join(", ", known) : hint;
  }

  /** Optimal string alignment distance (Levenshtein plus adjacent transpositions). */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
