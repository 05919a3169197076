package dev.netc.codegen.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.codegen.CompileResult;
import dev.netc.codegen.GeneratedSource;
import dev.netc.codegen.NetcCompiler;
import dev.netc.codegen.testing.InMemoryJavac;
import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No code injection through user text. javac decodes {@code \\uXXXX} escapes anywhere in a source
 * file, comments and string literals included, so a file name or value containing
 * {@code \\u000a}, {@code *}{@code /} or a quote must neither break the generated class nor change
 * what it declares: the class compiled by the real javac has exactly the members of the same
 * network generated from a plain file name.
 */
class InjectionTest {

  static final String NET = """
      network Victim {
        input x: float[3];
        hidden = dense(4, activation: relu);
        dense(2);
        loss softmax_cross_entropy;
      }
      """;

  /** File names that try to end the Javadoc, open a new comment, or add a line via an escape. */
  @ParameterizedTest
  @ValueSource(strings = {
      "Plain.net",
      "a*/b.net",
      "evil*\\ public static int pwned = 1; \\*.net",
      "evil*/ public static int pwned = 1; /*.net",
      "x\\u002a/ public static int pwned = 1; /\\u002a.net",
      "x\\u000a public static int pwned = 1; //.net",
      "x\\\\u000a.net",
      "q\"uote\".net",
      "new\nline */ public static int pwned = 1; /*.net",
      "cr\r */ int pwned; /*.net",
      "ls\u2028ps\u2029.net",
      "x*\\u002f int pwned; .net",
      "/**/*/**/.net",
      "*/*/*/.net",
      "{@code }} <b> &amp; @see.net",
      "\\uuuu002a\\u002F.net"})
  void fileNamesCannotInjectCode(String fileName) throws Exception {
    Set<String> plain = members(generate("Plain.net", NET));
    Map<String, String> sources = generate(fileName, NET);
    assertEquals(plain, members(sources), "members changed for file name " + fileName);
    for (String code : sources.values()) {
      assertFalse(code.contains("\\u"), "a Unicode escape reached the source:\n" + code);
    }
  }

  /** Names and values with escapes, comment ends and quotes never reach generation. */
  @ParameterizedTest
  @ValueSource(strings = {
      "network Evil\\u000a { input x: float[2]; dense(1); loss mse; }",
      "network Evil { input x\\u000a: float[2]; dense(1); loss mse; }",
      "network Evil { input x: float[2]; h\\u002a/ = dense(1); loss mse; }",
      "network Evil { input x: float[2]; dense(1, activation: \"relu */ int pwned; /*\"); loss mse; }",
      "network Evil { input x: float[2]; dense(1, activation: \"\\u000a int pwned;\"); loss mse; }",
      "network Evil { input x: float[2]; dense(\"1\"); loss mse; }",
      "network Evil { input x: float[2]; dense(1); loss \"mse\\u0022\"; }",
      "network Évil { input x: float[2]; dense(1); loss mse; }",
      "network Evil { input x: float[2]; hé = dense(1); loss mse; }",
      "network Evil { input x: float[2]; dense(1); loss mse; optimizer sgd(lr: \"0.1\"); }",
      "network Evil { input x: float[2]; dense(1); loss mse; training { seed: \"1 */\"; } }",
      "network String { input x: float[2]; dense(1); loss mse; }",
      "network Override { input x: float[2]; dense(1); loss mse; }",
      "network Evil { input x: float[2]; dense(1); loss mse; } network Evil { input x: float[2]; dense(1); loss mse; }",
      "network class { input x: float[2]; dense(1); loss mse; }"})
  void hostileNamesAndValuesAreRejectedOrHarmless(String text) {
    CompileResult r = NetcCompiler.compile(new SourceFile("Evil.net", text), "test.inject");
    String all = r.diagnostics().stream().map(Diagnostic::format).collect(Collectors.joining("\n"));
    assertTrue(r.diagnostics().stream().noneMatch(Diagnostic::isInternal), all);
    if (r.hasErrors()) {
      assertTrue(r.sources().isEmpty());
      return;
    }
    // accepted (a harmless name such as String): it must compile and declare the usual members
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : r.sources()) {
      sources.put(s.qualifiedName(), s.code());
      assertFalse(s.code().contains("pwned"), s.code());
    }
    InMemoryJavac.compile(sources);
  }

  private static Map<String, String> generate(String fileName, String text) {
    CompileResult r = NetcCompiler.compile(new SourceFile(fileName, text), "test.inject");
    assertFalse(r.hasErrors(), () -> r.diagnostics().toString());
    Map<String, String> sources = new LinkedHashMap<>();
    for (GeneratedSource s : r.sources()) {
      sources.put(s.qualifiedName(), s.code());
    }
    return sources;
  }

  /** Every field and method the compiled classes declare, with types. */
  private static Set<String> members(Map<String, String> sources) {
    InMemoryJavac.Compiled compiled = InMemoryJavac.compile(sources);
    Set<String> out = new TreeSet<>();
    for (String name : compiled.classFiles().keySet()) {
      Class<?> c = compiled.load(name);
      for (Field f : c.getDeclaredFields()) {
        out.add(c.getSimpleName() + " field " + f.getType().getName() + " " + f.getName());
      }
      for (Method m : c.getDeclaredMethods()) {
        out.add(c.getSimpleName() + " method " + m.getName() + Arrays.toString(m.getParameterTypes()));
      }
      out.add(c.getName());
    }
    return out;
  }
}
