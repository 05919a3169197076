package dev.netc.codegen.draw;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The drawing in the README, {@code docs/images/fashion-resnet.svg}, is what {@link NetworkDrawing}
 * makes of the FashionResnet sample today. After a change to the drawing or to the sample,
 * regenerate it with
 *
 * <pre>./mvnw -o -q -pl codegen -am verify -Dtest=DocsImageTest -Dsurefire.failIfNoSpecifiedTests=false -Dnetc.updateDocsImages=true</pre>
 */
class DocsImageTest {

  static final Path IMAGE = Path.of("..", "docs", "images", "fashion-resnet.svg");

  @Test
  void readmeDrawingOfFashionResnetIsCurrent() throws IOException {
    String svg = NetworkDrawing.toSvg(NetFiles.sample("FashionResnet"));
    if (Boolean.getBoolean("netc.updateDocsImages")) {
      Files.createDirectories(IMAGE.getParent());
      Files.writeString(IMAGE, svg, StandardCharsets.UTF_8);
    }
    String committed = Files.exists(IMAGE) ? Files.readString(IMAGE, StandardCharsets.UTF_8) : "(missing)";
    assertEquals(svg, committed, IMAGE.normalize() + " is stale: regenerate it with -Dnetc.updateDocsImages=true"
        + " (see DocsImageTest's Javadoc)");
  }
}
