package dev.netc.codegen.base;

import dev.netc.dsl.Diagnostic;
import dev.netc.dsl.SourceFile;
import dev.netc.dsl.SourcePos;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Collects the problems of one compilation; checks report here instead of throwing. Positions may
 * lie in imported files: each diagnostic quotes the line of the file its position names.
 */
public final class Diagnostics {
  /** Block calls named in one note; deeper ones are summarized as "...". */
  private static final int MAX_NOTED_CALLS = 4;

  private final SourceFile source;
  private final Map<String, SourceFile> otherSources = new HashMap<>();
  private final List<Diagnostic> list = new ArrayList<>();
  /** The block calls being expanded, innermost first. */
  private final Deque<String> blockCalls = new ArrayDeque<>();
  /** Position and message of what was reported inside block calls, to say each thing once. */
  private final Set<String> reportedInBlocks = new HashSet<>();
  /** Errors reported, including repeats inside block calls that were said only once. */
  private int errorReports;

  public Diagnostics(SourceFile source) {
    this.source = source;
  }

  /** Makes diagnostics at positions in {@code file} quote its lines. */
  public void addSource(SourceFile file) {
    if (!file.name().equals(source.name())) {
      otherSources.putIfAbsent(file.name(), file);
    }
  }

  public void error(SourcePos pos, String message) {
    report(Diagnostic.Severity.ERROR, pos, message, false);
  }

  public void warning(SourcePos pos, String message) {
    report(Diagnostic.Severity.WARNING, pos, message, false);
  }

  /**
   * Reports a bug in netc caught by a crash guard: an error marked {@linkplain Diagnostic#isInternal
   * internal}. Nothing else may call it, so the mark means a crash whatever the message quotes.
   */
  public void internalError(SourcePos pos, String message) {
    report(Diagnostic.Severity.ERROR, pos, message, true);
  }

  private void report(Diagnostic.Severity severity, SourcePos pos, String message, boolean internal) {
    if (severity == Diagnostic.Severity.ERROR) {
      errorReports++;
    }
    if (!blockCalls.isEmpty()) {
      // one block called many times with the same mistake: say it once, at the first call
      if (!reportedInBlocks.add(pos + " " + message)) {
        return;
      }
      message = message + " (" + note() + ")";
    }
    SourceFile file = otherSources.getOrDefault(pos.file(), source);
    list.add(new Diagnostic(severity, pos, message, file.line(pos.line()), internal));
  }

  /**
   * Until the matching {@link #leaveBlockCall}, messages end with "(in block name called at
   * file:line:col)", so that a problem inside a block body names the call that led to it.
   */
  public void enterBlockCall(String block, SourcePos call) {
    blockCalls.push("in block " + block + " called at " + call);
  }

  public void leaveBlockCall() {
    blockCalls.pop();
  }

  private String note() {
    StringBuilder out = new StringBuilder();
    Iterator<String> calls = blockCalls.iterator();
    for (int i = 0; calls.hasNext(); i++) {
      String call = calls.next();
      if (i == MAX_NOTED_CALLS) {
        out.append(", ...");
        break;
      }
      out.append(i == 0 ? "" : ", ").append(call);
    }
    return out.toString();
  }

  public void addAll(List<Diagnostic> diagnostics) {
    list.addAll(diagnostics);
    errorReports += (int) diagnostics.stream().filter(Diagnostic::isError).count();
  }

  public boolean hasErrors() {
    return list.stream().anyMatch(Diagnostic::isError);
  }

  /**
   * Errors reported so far, counting a repeat that was shown once (a block called twice with the
   * same mistake): checks compare counts to learn whether a step failed.
   */
  public int errorCount() {
    return errorReports;
  }

  public List<Diagnostic> toList() {
    return List.copyOf(list);
  }
}
