package dev.netc.codegen.build;

import dev.netc.codegen.base.Names;
import java.util.HashSet;
import java.util.Set;

/**
 * Picks the names of the layers of one network. User names win: they are reserved before any
 * layer gets a generated name, and generated names ({@code dense_1}, {@code a_conv2d_1}) avoid
 * every name taken so far in both of its Java forms.
 */
final class LayerNames {
  /** Layer names inside nested calls grow with each level: a prefix is cut to this length. */
  private static final int MAX_PREFIX = 120;

  private final Set<String> userNames = new HashSet<>();
  /** The Java forms (camel case and constant case) of the user names and of every generated name. */
  private final Set<String> takenJavaNames = new HashSet<>();

  /** Reserves a name the user wrote, so that no generated name takes it. */
  void reserveUserName(String name) {
    userNames.add(name);
    takeJavaForms(name);
  }

  /** {@code dense_1}, {@code dense_2}, ...; inside a block call {@code a_dense_1}, .... */
  String auto(String op, Scope scope) {
    while (true) {
      int n = scope.autoNameCounters.merge(op, 1, Integer::sum);
      String name = scope.prefix + op + "_" + n;
      if (isFree(name)) {
        takeJavaForms(name);
        return name;
      }
    }
  }

  /** {@code base}, or {@code base_2}, {@code base_3}, ... when that is taken. */
  String fresh(String base) {
    String name = base;
    for (int i = 2; !isFree(name); i++) {
      name = base + "_" + i;
    }
    takeJavaForms(name);
    return name;
  }

  /** {@code prefix}, or a fresh name cut short when it is too long to start a Java name. */
  String shortPrefix(String prefix) {
    return prefix.length() <= MAX_PREFIX ? prefix : fresh(prefix.substring(0, MAX_PREFIX));
  }

  private boolean isFree(String name) {
    return !userNames.contains(name) && !takenJavaNames.contains(Names.camel(name))
        && !takenJavaNames.contains(Names.constant(name));
  }

  private void takeJavaForms(String name) {
    takenJavaNames.add(Names.camel(name));
    takenJavaNames.add(Names.constant(name));
  }
}
