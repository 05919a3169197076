package dev.netc.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.dsl.ast.Arg;
import dev.netc.dsl.ast.BlockDecl;
import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.Chain;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.InputDecl;
import dev.netc.dsl.ast.LossDecl;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NetworkDecl;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.OptimizerDecl;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.Setting;
import dev.netc.dsl.ast.TrainingDecl;
import dev.netc.dsl.ast.ValueStmt;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetParserExamplesTest {

  private static CompilationUnit parseClean(String text) {
    ParseResult result = Samples.parse(text);
    assertEquals(List.of(), result.diagnostics());
    assertFalse(result.hasErrors());
    return result.unit();
  }

  static SourcePos at(int line, int column) {
    return SourcePos.of("test.net", line, column);
  }

  /** The single stage of a bare or named value statement. */
  private static Expr stage(Member member, int index) {
    return assertInstanceOf(ValueStmt.class, member).chain().stages().get(index);
  }

  @Test
  void fashionMlp() {
    CompilationUnit unit = parseClean(Samples.FASHION_MLP);
    assertEquals(List.of(), unit.imports());
    assertEquals(List.of(), unit.blocks());
    assertEquals(at(1, 1), unit.pos());
    NetworkDecl net = unit.networks().get(0);
    assertEquals("FashionMlp", net.name());
    assertEquals(at(2, 9), net.namePos());
    assertEquals(at(2, 1), net.pos());
    List<Member> m = net.members();
    assertEquals(7, m.size());

    InputDecl input = assertInstanceOf(InputDecl.class, m.get(0));
    assertEquals("image", input.name());
    assertEquals("float", input.elementType());
    assertEquals(at(3, 16), input.typePos());
    assertEquals(List.of(28, 28), input.dims());
    assertEquals(at(3, 3), input.pos());

    ValueStmt flatten = assertInstanceOf(ValueStmt.class, m.get(1));
    assertNull(flatten.name());
    assertNull(flatten.namePos());
    assertEquals(at(4, 3), flatten.pos());
    assertEquals(new Ident("flatten", at(4, 3)), flatten.chain().stages().get(0));

    Call dense = assertInstanceOf(Call.class, stage(m.get(2), 0));
    assertEquals("dense", dense.name());
    assertEquals(at(5, 3), dense.pos());
    assertEquals(new Arg(null, new NumberLit(256, true, "256", at(5, 9)), at(5, 9)),
        dense.args().get(0));
    assertEquals(new Arg("activation", new Ident("relu", at(5, 26)), at(5, 14)),
        dense.args().get(1));

    Call dropout = assertInstanceOf(Call.class, stage(m.get(3), 0));
    assertEquals(new NumberLit(0.2, false, "0.2", at(6, 11)), dropout.args().get(0).value());
    assertEquals("dense", assertInstanceOf(Call.class, stage(m.get(4), 0)).name());

    LossDecl loss = assertInstanceOf(LossDecl.class, m.get(5));
    assertEquals(new Ident("softmax_cross_entropy", at(8, 8)), loss.value());
    assertEquals(at(8, 3), loss.pos());

    OptimizerDecl optimizer = assertInstanceOf(OptimizerDecl.class, m.get(6));
    Call adam = assertInstanceOf(Call.class, optimizer.value());
    assertEquals("adam", adam.name());
    assertEquals(at(9, 13), adam.pos());
    assertEquals(new Arg("lr", new NumberLit(0.001, false, "0.001", at(9, 22)), at(9, 18)),
        adam.args().get(0));
  }

  @Test
  void smallResNet() {
    CompilationUnit unit = parseClean(Samples.SMALL_RES_NET);
    assertEquals(1, unit.imports().size());
    assertEquals("blocks.net", unit.imports().get(0).path());
    assertEquals(at(1, 1), unit.imports().get(0).pos());
    assertEquals(at(1, 8), unit.imports().get(0).pathPos());

    BlockDecl block = unit.blocks().get(0);
    assertEquals("conv_bn_relu", block.name());
    assertEquals(at(3, 1), block.pos());
    assertEquals(at(3, 7), block.namePos());
    assertEquals(List.of(new Ident("x", at(3, 20)), new Ident("filters", at(3, 23))),
        block.params());
    ReturnStmt ret = assertInstanceOf(ReturnStmt.class, block.body().get(0));
    assertEquals(at(4, 3), ret.pos());
    Chain chain = ret.chain();
    assertEquals(at(4, 10), chain.pos());
    assertEquals(3, chain.stages().size());
    Call conv = assertInstanceOf(Call.class, chain.stages().get(0));
    assertEquals(Arrays.asList(null, null, "kernel", "padding"), names(conv.args()));
    assertEquals(new Arg("padding", new Ident("same", at(4, 49)), at(4, 40)), conv.args().get(3));
    assertEquals(new Ident("batchnorm", at(4, 58)), chain.stages().get(1));
    assertEquals(new Ident("relu", at(4, 71)), chain.stages().get(2));

    NetworkDecl net = unit.networks().get(0);
    assertEquals("SmallResNet", net.name());
    assertEquals(at(7, 9), net.namePos());
    List<Member> m = net.members();
    assertEquals(9, m.size());
    assertEquals(List.of(1, 28, 28), assertInstanceOf(InputDecl.class, m.get(0)).dims());

    ValueStmt a = assertInstanceOf(ValueStmt.class, m.get(1));
    assertEquals("a", a.name());
    assertEquals(at(9, 3), a.namePos());
    assertEquals(at(9, 3), a.pos());
    assertEquals(at(9, 7), a.chain().pos());
    Call call = assertInstanceOf(Call.class, a.chain().stages().get(0));
    assertEquals("conv_bn_relu", call.name());
    assertEquals(new Ident("image", at(9, 20)), call.args().get(0).value());

    ValueStmt c = assertInstanceOf(ValueStmt.class, m.get(3));
    assertEquals("c", c.name());
    assertEquals(List.of("add", "relu", "maxpool"), c.chain().stages().stream()
        .map(e -> e instanceof Call k ? k.name() : ((Ident) e).name()).toList());
    assertEquals(at(11, 28), c.chain().stages().get(2).pos());

    ValueStmt logits = assertInstanceOf(ValueStmt.class, m.get(4));
    assertEquals("logits", logits.name());
    assertEquals(at(12, 33), logits.chain().stages().get(1).pos());

    OutputDecl output = assertInstanceOf(OutputDecl.class, m.get(5));
    assertEquals(List.of(new Ident("logits", at(13, 10))), output.names());
    assertEquals(at(13, 3), output.pos());

    Call sgd = assertInstanceOf(Call.class, assertInstanceOf(OptimizerDecl.class, m.get(7)).value());
    assertEquals(List.of("lr", "momentum"), names(sgd.args()));
    assertEquals(0.9, ((NumberLit) sgd.args().get(1).value()).value());

    TrainingDecl training = assertInstanceOf(TrainingDecl.class, m.get(8));
    assertEquals(at(16, 3), training.pos());
    List<Setting> s = training.settings();
    assertEquals(5, s.size());
    assertEquals(new Setting("batch", new NumberLit(64, true, "64", at(16, 21)), at(16, 14)),
        s.get(0));
    assertEquals(List.of("batch", "epochs", "seed", "regularize"),
        s.subList(0, 4).stream().map(Setting::key).toList());
    Call l2 = assertInstanceOf(Call.class, s.get(3).value());
    assertEquals(new NumberLit(1e-4, false, "1e-4", at(16, 62)), l2.args().get(0).value());
    Setting early = s.get(4);
    assertNull(early.key());
    assertEquals(at(17, 14), early.pos());
    Call stopping = assertInstanceOf(Call.class, early.value());
    assertEquals("early_stopping", stopping.name());
    assertEquals(new Arg("monitor", new Ident("val_loss", at(17, 38)), at(17, 29)),
        stopping.args().get(0));
    assertEquals(new Arg("patience", new NumberLit(3, true, "3", at(17, 58)), at(17, 48)),
        stopping.args().get(1));
  }

  @Test
  void charLstm() {
    CompilationUnit unit = parseClean(Samples.CHAR_LSTM);
    NetworkDecl net = unit.networks().get(0);
    assertEquals("CharLstm", net.name());
    List<Member> m = net.members();
    assertEquals(7, m.size());
    InputDecl input = assertInstanceOf(InputDecl.class, m.get(0));
    assertEquals("text", input.name());
    assertEquals("int", input.elementType());
    assertEquals(at(2, 15), input.typePos());
    assertEquals(List.of(64), input.dims());

    Call embedding = assertInstanceOf(Call.class, stage(m.get(1), 0));
    assertEquals(List.of("vocab", "dim"), names(embedding.args()));
    Call lstm = assertInstanceOf(Call.class, stage(m.get(2), 0));
    assertEquals(new Arg("sequences", new Ident("true", at(4, 24)), at(4, 13)), lstm.args().get(1));
    assertEquals(List.of("embedding", "lstm", "gru", "dense"),
        m.subList(1, 5).stream().map(x -> ((Call) stage(x, 0)).name()).toList());
    Call rmsprop = assertInstanceOf(Call.class, assertInstanceOf(OptimizerDecl.class, m.get(6)).value());
    assertEquals("rmsprop", rmsprop.name());
    assertEquals(at(8, 13), rmsprop.pos());
  }

  @Test
  void allThreeInOneFile() {
    CompilationUnit unit = parseClean(
        Samples.SMALL_RES_NET + Samples.FASHION_MLP + Samples.CHAR_LSTM);
    assertEquals(List.of("SmallResNet", "FashionMlp", "CharLstm"),
        unit.networks().stream().map(NetworkDecl::name).toList());
    assertTrue(unit.networks().get(2).namePos().line() > unit.networks().get(1).namePos().line());
  }

  private static List<String> names(List<Arg> args) {
    return args.stream().map(Arg::name).toList();
  }
}
