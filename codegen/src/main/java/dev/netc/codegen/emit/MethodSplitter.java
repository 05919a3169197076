package dev.netc.codegen.emit;

import com.squareup.javapoet.CodeBlock;
import com.squareup.javapoet.MethodSpec;
import com.squareup.javapoet.TypeName;
import com.squareup.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Puts a pass's layer calls into its method, moved into helper methods of at most {@link
 * #CALLS_PER_METHOD} calls when there are more: javac and the JIT both punish huge methods.
 */
final class MethodSplitter {
  /** Layer calls per forwardPass/backwardPass method: keeps each far below 8,000 bytes of bytecode. */
  static final int CALLS_PER_METHOD = 100;

  private MethodSplitter() {}

  /**
   * Adds {@code method} with {@code calls} to {@code type}; helpers are named {@code partName1},
   * {@code partName2}, ... and take {@code names} (of {@code types}) and the buffers.
   */
  static void split(TypeSpec.Builder type, MethodSpec.Builder method, String partName, List<CodeBlock> calls,
      List<String> names, List<TypeName> types) {
    method.addStatement("float[][] buf = ws.buffers");
    if (calls.size() <= CALLS_PER_METHOD) {
      calls.forEach(method::addCode);
      type.addMethod(method.build());
      return;
    }
    int parts = (calls.size() + CALLS_PER_METHOD - 1) / CALLS_PER_METHOD;
    String argList = String.join(", ", names);
    for (int p = 0; p < parts; p++) {
      method.addStatement("$L$L($L, buf)", partName, p + 1, argList);
      MethodSpec.Builder part = MethodSpec.methodBuilder(partName + (p + 1)).addModifiers(Modifier.PRIVATE);
      for (int i = 0; i < names.size(); i++) {
        part.addParameter(types.get(i), names.get(i));
      }
      part.addParameter(float[][].class, "buf");
      calls.subList(p * CALLS_PER_METHOD, Math.min(calls.size(), (p + 1) * CALLS_PER_METHOD))
          .forEach(part::addCode);
      type.addMethod(part.build());
    }
    type.addMethod(method.build());
  }
}
