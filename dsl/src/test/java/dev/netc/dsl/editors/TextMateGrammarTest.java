package dev.netc.dsl.editors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;

/**
 * The TextMate grammar for {@code .net} files ({@code editors/textmate/net.tmLanguage.json}) stays
 * in step with the ANTLR grammar: it is valid JSON, every regex compiles (with java.util.regex,
 * whose syntax covers the subset of Oniguruma the grammar uses), every keyword of {@code Net.g4}
 * is highlighted as one, and the main token patterns match what the language writes.
 */
class TextMateGrammarTest {

  /** Tests run in the dsl module's directory. */
  static final Path GRAMMAR = Path.of("..", "editors", "textmate", "net.tmLanguage.json");
  static final Path ANTLR = Path.of("src", "main", "antlr4", "dev", "netc", "dsl", "parser", "Net.g4");

  @Test
  void isTheNetcGrammarForNetFiles() throws IOException {
    Map<?, ?> grammar = grammar();
    assertEquals("source.netc", grammar.get("scopeName"));
    assertEquals(List.of("net"), grammar.get("fileTypes"));
  }

  @Test
  void vsCodeManifestPointsAtTheGrammar() throws IOException {
    Path dir = GRAMMAR.getParent();
    Map<?, ?> manifest = (Map<?, ?>) MiniJson.parse(Files.readString(dir.resolve("package.json"), StandardCharsets.UTF_8));
    Map<?, ?> contributes = (Map<?, ?>) manifest.get("contributes");
    Map<?, ?> grammar = (Map<?, ?>) ((List<?>) contributes.get("grammars")).get(0);
    assertEquals("source.netc", grammar.get("scopeName"));
    assertTrue(Files.isSameFile(GRAMMAR, dir.resolve((String) grammar.get("path"))));
    Map<?, ?> language = (Map<?, ?>) ((List<?>) contributes.get("languages")).get(0);
    assertEquals(List.of(".net"), language.get("extensions"));
    assertTrue(Files.exists(dir.resolve((String) language.get("configuration"))));
    MiniJson.parse(Files.readString(dir.resolve((String) language.get("configuration")), StandardCharsets.UTF_8));
  }

  @Test
  void everyRegexCompiles() throws IOException {
    List<String> problems = new ArrayList<>();
    List<Rule> rules = rules(grammar(), "$");
    assertTrue(rules.size() > 20, "the grammar's rules are found: " + rules.size());
    for (Rule rule : rules) {
      try {
        Pattern.compile(rule.regex());
      } catch (PatternSyntaxException e) {
        problems.add(rule.where() + ": " + e.getDescription() + " in " + rule.regex());
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void everyKeywordOfTheAntlrGrammarIsHighlightedAsAKeyword() throws IOException {
    TreeSet<String> keywords = antlrKeywords();
    assertTrue(keywords.containsAll(List.of("network", "input", "import", "return")), keywords.toString());
    List<Pattern> keywordPatterns = rules(grammar(), "$").stream()
        .filter(r -> r.key().equals("match") && r.name() != null && r.name().startsWith("keyword."))
        .map(r -> Pattern.compile(r.regex())).toList();
    List<String> missing = new ArrayList<>();
    for (String keyword : keywords) {
      if (keywordPatterns.stream().noneMatch(p -> matchesWord(p, keyword))) {
        missing.add(keyword);
      }
    }
    assertEquals(List.of(), missing, "keywords of " + ANTLR + " that no keyword pattern of " + GRAMMAR + " matches");
  }

  @Test
  void tokenPatternsMatchWhatTheLanguageWrites() throws IOException {
    Map<?, ?> repository = (Map<?, ?>) grammar().get("repository");
    Pattern integer = pattern(repository, "numbers", "constant.numeric.integer.netc");
    Pattern decimal = pattern(repository, "numbers", "constant.numeric.float.netc");
    for (String n : List.of("0.5", "1e-4", "2.5E3", "-0.1", "3e8")) {
      assertTrue(decimal.matcher(n).matches(), n);
    }
    for (String n : List.of("42", "0", "-1")) {
      assertTrue(integer.matcher(n).matches(), n);
    }
    assertFalse(find(integer, "conv2d"), "no number inside an identifier");
    Pattern call = Pattern.compile(match(repository, "op-call"));
    Matcher m = call.matcher("x -> conv2d (32, kernel: 3)");
    assertTrue(m.find());
    assertEquals("conv2d", m.group(1));
    Pattern shape = Pattern.compile(begin(repository, "shape"));
    m = shape.matcher("input image: float[1, 28, 28];");
    assertTrue(m.find());
    assertEquals("float", m.group(1));
    Pattern block = Pattern.compile(begin(repository, "block-declaration"));
    m = block.matcher("block residual(x, filters) {");
    assertTrue(m.find());
    assertEquals("residual", m.group(2));
    Pattern arrow = pattern(repository, "operators", "keyword.operator.arrow.netc");
    assertTrue(arrow.matcher("->").matches());
    Pattern lineComment = pattern(repository, "comments", "comment.line.double-slash.netc");
    m = lineComment.matcher("dense(10);  // logits");
    assertTrue(m.find());
    assertEquals("// logits", m.group());
  }

  @Test
  void jsonReaderRejectsWhatIsNotJson() {
    assertEquals(Map.of("a", List.of(1.0, "x", true)), MiniJson.parse("{\"a\": [1, \"x\", true]}"));
    for (String bad : List.of("{\"a\": 1,}", "{\"a\" 1}", "[1 2]", "{\"a\": 1} x", "\"\\q\"", "{\"a\":1,\"a\":2}")) {
      assertThrows(IllegalArgumentException.class, () -> MiniJson.parse(bad), bad);
    }
  }

  /** One regex of the grammar: where it is, under which key, and the scope name of its rule. */
  record Rule(String where, String key, String name, String regex) {}

  /** Every {@code match}, {@code begin} and {@code end} regex, anywhere in the grammar. */
  static List<Rule> rules(Object node, String where) {
    List<Rule> rules = new ArrayList<>();
    if (node instanceof Map<?, ?> map) {
      Object name = map.get("name");
      for (String key : List.of("match", "begin", "end", "while")) {
        if (map.get(key) instanceof String regex) {
          rules.add(new Rule(where + "." + key, key, name instanceof String s ? s : null, regex));
        }
      }
      for (Map.Entry<?, ?> e : map.entrySet()) {
        rules.addAll(rules(e.getValue(), where + "." + e.getKey()));
      }
    } else if (node instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        rules.addAll(rules(list.get(i), where + "[" + i + "]"));
      }
    }
    return rules;
  }

  /** The literal tokens of Net.g4 made of letters: its reserved words. */
  static TreeSet<String> antlrKeywords() throws IOException {
    String g4 = Files.readString(ANTLR, StandardCharsets.UTF_8)
        .replaceAll("(?s)/\\*.*?\\*/", "")
        .replaceAll("//[^\\n]*", "");
    TreeSet<String> keywords = new TreeSet<>();
    Matcher m = Pattern.compile("'([A-Za-z]+)'").matcher(g4);
    while (m.find()) {
      keywords.add(m.group(1));
    }
    return keywords;
  }

  /** Whether {@code p} highlights {@code word} standing alone, and not inside a longer identifier. */
  private static boolean matchesWord(Pattern p, String word) {
    Matcher m = p.matcher("x = " + word + " y");
    boolean alone = m.find() && m.group().equals(word);
    return alone && !find(p, word + "_x") && !find(p, "my" + word);
  }

  private static boolean find(Pattern p, String text) {
    return p.matcher(text).find();
  }

  private static Map<?, ?> grammar() throws IOException {
    return (Map<?, ?>) MiniJson.parse(Files.readString(GRAMMAR, StandardCharsets.UTF_8));
  }

  private static String match(Map<?, ?> repository, String rule) {
    return (String) ((Map<?, ?>) repository.get(rule)).get("match");
  }

  private static String begin(Map<?, ?> repository, String rule) {
    return (String) ((Map<?, ?>) repository.get(rule)).get("begin");
  }

  /** The regex of the pattern named {@code scope} in the repository rule {@code rule}. */
  private static Pattern pattern(Map<?, ?> repository, String rule, String scope) {
    for (Object p : (List<?>) ((Map<?, ?>) repository.get(rule)).get("patterns")) {
      Map<?, ?> m = (Map<?, ?>) p;
      if (scope.equals(m.get("name"))) {
        return Pattern.compile((String) m.get("match"));
      }
    }
    throw new AssertionError("no pattern " + scope + " in " + rule);
  }
}
