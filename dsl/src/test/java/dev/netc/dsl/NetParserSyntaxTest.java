package dev.netc.dsl;

import static dev.netc.dsl.NetParserExamplesTest.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.netc.dsl.ast.Call;
import dev.netc.dsl.ast.CompilationUnit;
import dev.netc.dsl.ast.Expr;
import dev.netc.dsl.ast.Ident;
import dev.netc.dsl.ast.ListLit;
import dev.netc.dsl.ast.Member;
import dev.netc.dsl.ast.NumberLit;
import dev.netc.dsl.ast.OutputDecl;
import dev.netc.dsl.ast.ReturnStmt;
import dev.netc.dsl.ast.StringLit;
import dev.netc.dsl.ast.ValueStmt;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Literals, comments and the less common constructs. */
class NetParserSyntaxTest {

  private static List<Member> members(String body) {
    ParseResult result = Samples.parse("network N {\n" + body + "\n}\n");
    assertEquals(List.of(), result.diagnostics());
    return result.unit().networks().get(0).members();
  }

  /** The value of {@code x = <expr>;} on line 2. */
  private static Expr value(String expr) {
    ValueStmt stmt = assertInstanceOf(ValueStmt.class, members("x = " + expr + ";").get(0));
    return stmt.chain().stages().get(0);
  }

  @Test
  void numbers() {
    assertEquals(new NumberLit(42, true, "42", at(2, 5)), value("42"));
    assertEquals(new NumberLit(-3, true, "-3", at(2, 5)), value("-3"));
    assertEquals(new NumberLit(0.5, false, "0.5", at(2, 5)), value("0.5"));
    assertEquals(new NumberLit(1e-4, false, "1e-4", at(2, 5)), value("1e-4"));
    assertEquals(new NumberLit(2500, false, "2.5E3", at(2, 5)), value("2.5E3"));
    assertEquals(new NumberLit(-2e5, false, "-2e+5", at(2, 5)), value("-2e+5"));
    assertEquals(new NumberLit(100, false, "1e2", at(2, 5)), value("1e2"));
    assertEquals(new NumberLit(Long.MAX_VALUE, true, "9223372036854775807", at(2, 5)),
        value("9223372036854775807"));
    NumberLit tooLong = assertInstanceOf(NumberLit.class, value("9223372036854775808"));
    assertEquals(false, tooLong.integral());
    assertEquals(9.223372036854775808e18, tooLong.value());
  }

  @Test
  void stringsListsAndIdents() {
    assertEquals(new StringLit("a \"b\" c\\d", at(2, 5)), value("\"a \\\"b\\\" c\\\\d\""));
    assertEquals(new StringLit("", at(2, 5)), value("\"\""));
    assertEquals(new ListLit(List.of(new NumberLit(3, true, "3", at(2, 6)),
        new NumberLit(3, true, "3", at(2, 9))), at(2, 5)), value("[3, 3]"));
    assertEquals(new ListLit(List.of(), at(2, 5)), value("[]"));
    ListLit nested = assertInstanceOf(ListLit.class, value("[[1], relu, \"s\", f(2)]"));
    assertEquals(4, nested.elements().size());
    assertInstanceOf(Call.class, nested.elements().get(3));
    assertEquals(new Ident("_relu_6", at(2, 5)), value("_relu_6"));
  }

  @Test
  void chainsAndCalls() {
    ValueStmt stmt = assertInstanceOf(ValueStmt.class,
        members("  y = a->f()  ->  g(x: [1, 2], 3);").get(0));
    assertEquals(at(2, 3), stmt.pos());
    assertEquals(at(2, 3), stmt.namePos());
    List<Expr> stages = stmt.chain().stages();
    assertEquals(new Ident("a", at(2, 7)), stages.get(0));
    assertEquals(new Call("f", List.of(), at(2, 10)), stages.get(1));
    Call g = assertInstanceOf(Call.class, stages.get(2));
    assertEquals(at(2, 19), g.pos());
    assertEquals("x", g.args().get(0).name());
    assertEquals(at(2, 21), g.args().get(0).pos());
    assertNull(g.args().get(1).name());
    assertEquals(at(2, 32), g.args().get(1).pos());
  }

  @Test
  void commentsAndWhitespace() {
    List<Member> m = members("""
        /* a block
           comment */ output a, /* inline */ b;   // trailing
        \t// only a comment
        /**/ output c;/***/""");
    OutputDecl first = assertInstanceOf(OutputDecl.class, m.get(0));
    assertEquals(List.of(new Ident("a", at(3, 22)), new Ident("b", at(3, 38))), first.names());
    assertEquals(at(3, 15), first.pos());
    assertEquals(at(5, 6), m.get(1).pos());
  }

  @Test
  void returnIsAcceptedInNetworksForTheChecker() {
    assertInstanceOf(ReturnStmt.class, members("return a -> b;").get(0));
  }

  @Test
  void emptyInputsAndEmptyBodies() {
    ParseResult empty = Samples.parse("");
    assertEquals(List.of(), empty.diagnostics());
    assertEquals(List.of(), empty.unit().networks());
    ParseResult comments = Samples.parse("// nothing\n/* here */\n");
    assertEquals(List.of(), comments.diagnostics());
    CompilationUnit unit = Samples.parse("block b() { }\nnetwork N { training { } }").unit();
    assertEquals(List.of(), unit.blocks().get(0).params());
    assertEquals(1, unit.networks().get(0).members().size());
  }

  @Test
  void fileNameComesFromTheSource() {
    ParseResult result = NetParser.parse(new SourceFile("src/main/net/X.net", "network X {}"));
    assertEquals(SourcePos.of("src/main/net/X.net", 1, 9), result.unit().networks().get(0).namePos());
    assertEquals("src/main/net/X.net", result.unit().source().name());
  }
}
