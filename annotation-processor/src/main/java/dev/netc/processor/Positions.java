package dev.netc.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.netc.dsl.SourcePos;
import java.util.HashMap;
import java.util.Map;
import javax.annotation.processing.ProcessingEnvironment;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * Hands out the {@link SourcePos} of each AST node built from annotations and maps it back to the
 * element, annotation and value it came from, so a checker's diagnostic lands on the right spot.
 * Under javac the positions are the real line:column of the Java source, so messages such as
 * "already defined at line 12" stay true; elsewhere they are distinct synthetic lines.
 */
final class Positions {
  private final String file;
  private final Trees trees;
  private final Map<SourcePos, Target> targets = new HashMap<>();
  private final Map<Target, SourcePos> positions = new HashMap<>();
  private int synthetic;

  Positions(String file, Trees trees) {
    this.file = file;
    this.trees = trees;
  }

  /** javac's tree API, or null under a compiler that has none (positions are synthetic then). */
  static Trees treesOf(ProcessingEnvironment env) {
    try {
      return Trees.instance(env);
    } catch (RuntimeException | LinkageError e) {
      return null;
    }
  }

  SourcePos of(Element element) {
    return of(element, null, null);
  }

  SourcePos of(Element element, AnnotationMirror mirror) {
    return of(element, mirror, null);
  }

  SourcePos of(Element element, AnnotationMirror mirror, AnnotationValue value) {
    Target target = new Target(element, mirror, value);
    SourcePos known = positions.get(target);
    if (known != null) {
      return known;
    }
    int[] lineColumn = lineColumn(element, mirror, value);
    int line = lineColumn == null ? ++synthetic : lineColumn[0];
    int column = lineColumn == null ? 1 : lineColumn[1];
    SourcePos pos = new SourcePos(file, line, column);
    // two targets starting at the same place (a default value and its annotation): keep both apart
    while (targets.containsKey(pos)) {
      pos = new SourcePos(file, line, ++column);
    }
    targets.put(pos, target);
    positions.put(target, pos);
    return pos;
  }

  /** The element, annotation and value behind {@code pos}, or null for a position not made here. */
  Target target(SourcePos pos) {
    return targets.get(pos);
  }

  private int[] lineColumn(Element element, AnnotationMirror mirror, AnnotationValue value) {
    if (trees == null) {
      return null;
    }
    try {
      TreePath path = null;
      if (value != null) {
        path = trees.getPath(element, mirror, value);
      }
      if (path == null && mirror != null) {
        path = trees.getPath(element, mirror);
      }
      if (path == null) {
        path = trees.getPath(element);
      }
      if (path == null) {
        return null;
      }
      Tree leaf = path.getLeaf();
      // a method's own position is its signature, not its first annotation
      if (mirror == null && leaf instanceof MethodTree method && method.getReturnType() != null) {
        leaf = method.getReturnType();
      }
      CompilationUnitTree unit = path.getCompilationUnit();
      long start = trees.getSourcePositions().getStartPosition(unit, leaf);
      if (start < 0) {
        return null;
      }
      return new int[] {
          (int) unit.getLineMap().getLineNumber(start), (int) unit.getLineMap().getColumnNumber(start)};
    } catch (RuntimeException e) {
      return null;
    }
  }
}
