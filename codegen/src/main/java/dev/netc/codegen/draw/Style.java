package dev.netc.codegen.draw;

/**
 * Sizes of the drawing. Text is monospace so that box widths follow from character counts
 * without font metrics: 0.6 em per character is the advance of the common monospace fonts
 * (DejaVu Sans Mono, Menlo, Consolas); a little more is allowed for the bold first line.
 */
final class Style {
  private Style() {}

  static final String FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace";
  static final double FONT_SIZE = 12;
  static final double CHAR_WIDTH = FONT_SIZE * 0.62;
  static final double LINE_HEIGHT = 16;
  static final double PADDING_X = 10;
  static final double PADDING_Y = 7;
  static final double MIN_BOX_WIDTH = 110;
  /** Longer lines are cut with an ellipsis; the tooltip keeps the whole text. */
  static final int MAX_LINE_CHARS = 48;

  /** Width a passage reserves: room for the edge and a little air on each side. */
  static final double PASSAGE_WIDTH = 8;
  /** Horizontal gap between neighbours in a layer (half of it when a passage is involved). */
  static final double GAP = 28;
  /** Vertical gap between layers: where edges bend. */
  static final double LAYER_GAP = 44;
  static final double MARGIN = 20;
  /** Height of the title line above the first layer. */
  static final double TITLE_HEIGHT = 34;
  static final double TITLE_FONT_SIZE = 14;

  static double boxWidth(int longestLine) {
    return Math.max(MIN_BOX_WIDTH, Math.ceil(longestLine * CHAR_WIDTH + 2 * PADDING_X));
  }

  static double boxHeight(int lines) {
    return lines * LINE_HEIGHT + 2 * PADDING_Y;
  }
}
