package dev.netc.codegen.build;
import dev.netc.codegen.base.Suggestions;
import dev.netc.codegen.base.Diagnostics;
import dev.netc.codegen.base.Names;

import dev.netc.codegen.ops.OpCatalogue;
import dev.netc.dsl.SourcePos;
import dev.netc.dsl.ast.BlockDecl;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Checks a block declaration on its own, once, whether or not it is called: its parameters, that
 * its body holds only value statements ending in one return, and that every op or block it
 * names exists. Problems that depend on the arguments (shapes, argument types) show up when a
 * call is expanded, with a note naming the call.
 */
final class BlockChecker {
  private BlockChecker() {}

  /** Reports the problems of {@code block} and marks it invalid if there are any. */
  static void check(Block block, Diagnostics diags) {
    int before = diags.errorCount();
    new Run(block, diags).check();
    if (diags.errorCount() > before) {
      block.invalidate();
    }
  }

  private static final class Run {
    private final Block block;
    private final BlockDecl decl;
    private final Diagnostics diags;
    private final Set<String> params = new HashSet<>();
    /** Local names, where first declared. */
    private final Map<String, SourcePos> declared = new HashMap<>();
    private final Set<String> defined = new HashSet<>();
    private String defining;

    Run(Block block, Diagnostics diags) {
      this.block = block;
      this.decl = block.decl();
      this.diags = diags;
    }

    void check() {
      String name = decl.name();
      if (decl.params().isEmpty()) {
        diags.error(decl.namePos(), "block " + name + " has no parameters; its first parameter is its"
            + " input, as in `block " + name + "(x) { ... }`");
      }
      for (Ident p : decl.params()) {
        if (Names.checkValueName(p.name(), p.pos(), diags) && !params.add(p.name())) {
          diags.error(p.pos(), "duplicate parameter '" + p.name() + "' in block " + name);
        }
      }
      for (Member m : decl.body()) {
        if (m instanceof ValueStmt v && v.name() != null) {
          declared.putIfAbsent(v.name(), v.namePos());
        }
      }
      ReturnStmt ret = null;
      for (Member m : decl.body()) {
        if (ret != null) {
          diags.error(m.pos(), "return must be the last statement of block " + name
              + "; this statement follows the return at line " + ret.pos().line());
          break;
        }
        if (m instanceof ReturnStmt r) {
          ret = r;
          chain(r.chain());
        } else if (m instanceof ValueStmt v) {
          valueStmt(v);
        } else {
          diags.error(m.pos(), notInABlock(m));
        }
      }
      if (ret == null) {
        diags.error(decl.namePos(), "block " + name + " has no return; end it with `return <value>;`");
      }
    }

    private String notInABlock(Member m) {
      if (m instanceof InputDecl) {
        String input = decl.params().isEmpty() ? "" : ", " + decl.params().get(0).name();
        return "input cannot be declared in a block; the block's input is its first parameter" + input;
      }
      String what = m instanceof OutputDecl ? "output"
          : m instanceof LossDecl ? "loss"
          : m instanceof OptimizerDecl ? "optimizer"
          : m instanceof TrainingDecl ? "training" : "this statement";
      return what + " is not allowed in a block; "
          + (m instanceof OutputDecl ? "a block ends with `return <value>;`" : "declare it in the network");
    }

    private void valueStmt(ValueStmt v) {
      String local = v.name();
      if (local != null && Names.checkValueName(local, v.namePos(), diags)) {
        if (params.contains(local)) {
          diags.error(v.namePos(), "'" + local + "' is a parameter of block " + decl.name()
              + "; choose another name for this value");
        } else if (!defined.add(local)) {
          SourcePos earlier = declared.get(local);
          diags.error(v.namePos(), "duplicate name '" + local + "': already defined at line "
              + earlier.line() + ", column " + earlier.column());
        }
      }
      defining = local;
      chain(v.chain());
      defining = null;
    }

    /** Every op or block a chain names must exist; a name of this block must be defined first. */
    private void chain(Chain chain) {
      for (Expr stage : chain.stages()) {
        if (stage instanceof Ident id) {
          if (params.contains(id.name()) || defined.contains(id.name()) && !id.name().equals(defining)) {
            continue; // a value, or a parameter that may stand for an op such as relu
          }
          if (declared.containsKey(id.name()) && !callable(id.name())) {
            usedBeforeDefinition(id);
            return;
          }
          if (!callable(id.name())) {
            unknownOp(id.name(), id.pos());
            return;
          }
        } else if (stage instanceof Call call && !params.contains(call.name()) && !callable(call.name())) {
          unknownOp(call.name(), call.pos());
          return;
        }
      }
    }

    private boolean callable(String name) {
      return OpCatalogue.get(name) != null || OpCatalogue.wrapper(name) != null || block.home().get(name) != null;
    }

    private void usedBeforeDefinition(Ident id) {
      if (id.name().equals(defining)) {
        diags.error(id.pos(), "'" + id.name() + "' is used in its own definition; a value can only use"
            + " values defined before it");
      } else {
        diags.error(id.pos(), "'" + id.name() + "' is used before its definition at line "
            + declared.get(id.name()).line() + "; define values before using them");
      }
    }

    private void unknownOp(String name, SourcePos pos) {
      Set<String> known = new LinkedHashSet<>(OpCatalogue.all().keySet());
      known.addAll(OpCatalogue.wrappers().keySet());
      known.addAll(block.home().names());
      diags.error(pos, "unknown op '" + name + "'" + Suggestions.didYouMean(name, known));
    }
  }
}
