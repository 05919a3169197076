package dev.netc.dsl.ast;

import dev.netc.dsl.SourcePos;
import java.util.List;

/** {@code training { batch: 64; epochs: 10; early_stopping(patience: 3); }} */
public record TrainingDecl(List<Setting> settings, SourcePos pos) implements Member {}
