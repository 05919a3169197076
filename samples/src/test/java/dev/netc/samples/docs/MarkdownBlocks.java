package dev.netc.samples.docs;

import java.util.ArrayList;
import java.util.List;

/** The fenced code blocks of a Markdown file, with where they start and whether they opted out. */
final class MarkdownBlocks {

  /** The marker, on the line before a fence, that keeps a block from being compiled; say why after it. */
  static final String NOT_COMPILED = "<!-- not compiled";

  /**
   * One fenced block.
   *
   * @param file the Markdown file's name, for messages
   * @param firstLine 1-based line of the block's first content line
   * @param language the word after the opening fence, "" when none
   * @param text the content, lines joined with '\n'
   * @param notCompiled whether the line before the fence starts with {@link #NOT_COMPILED}
   */
  record Block(String file, int firstLine, String language, String text, boolean notCompiled) {
    String where() {
      return file + ":" + firstLine;
    }
  }

  private MarkdownBlocks() {}

  static List<Block> parse(String file, String markdown) {
    List<String> lines = markdown.lines().toList();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (!line.startsWith("```")) {
        continue;
      }
      String language = line.substring(3).trim();
      boolean notCompiled = previousNonBlank(lines, i).startsWith(NOT_COMPILED);
      int end = i + 1;
      while (end < lines.size() && !lines.get(end).startsWith("```")) {
        end++;
      }
      if (end == lines.size()) {
        throw new IllegalStateException(file + ":" + (i + 1) + ": code block is never closed");
      }
      blocks.add(new Block(file, i + 2, language, String.join("\n", lines.subList(i + 1, end)), notCompiled));
      i = end;
    }
    return blocks;
  }

  private static String previousNonBlank(List<String> lines, int i) {
    for (int j = i - 1; j >= 0; j--) {
      if (!lines.get(j).isBlank()) {
        return lines.get(j).trim();
      }
    }
    return "";
  }
}
