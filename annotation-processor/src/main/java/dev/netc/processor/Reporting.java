package dev.netc.processor;

import javax.annotation.processing.Messager;
import javax.tools.Diagnostic.Kind;

/** Prints a message on exactly the element, annotation and value a {@link Target} names. */
final class Reporting {
  private Reporting() {}

  static void print(Messager messager, Kind kind, String message, Target target) {
    if (target.mirror() == null) {
      messager.printMessage(kind, message, target.element());
    } else if (target.value() == null) {
      messager.printMessage(kind, message, target.element(), target.mirror());
    } else {
      messager.printMessage(kind, message, target.element(), target.mirror(), target.value());
    }
  }
}
