package dev.netc.codegen.imports;

import dev.netc.codegen.base.Limits;
import dev.netc.dsl.SourceFile;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The bytes of a {@code .net} file as its text, checked the same way wherever they come from (a
 * source root, the bundled library, a javac source or class path entry): at most {@link
 * Limits#MAX_IMPORTED_FILE_BYTES}, strict UTF-8, a leading byte order mark dropped.
 */
public final class NetFileText {
  private NetFileText() {}

  /**
   * {@code bytes}, read with a bound of one byte over the limit, as the source file {@code name},
   * or why they are refused.
   */
  public static ImportResolver.Lookup decode(String name, byte[] bytes) {
    if (bytes.length > Limits.MAX_IMPORTED_FILE_BYTES) {
      return new ImportResolver.Lookup.Failed(ImportPaths.tooLarge(bytes.length));
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      return new ImportResolver.Lookup.Failed("it is not valid UTF-8; save it as UTF-8");
    }
    return new ImportResolver.Lookup.Found(new SourceFile(name, text.startsWith("\uFEFF") ? text.substring(1) : text));
  }
}
