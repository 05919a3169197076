package dev.netc.runtime.io;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a pretrained-weight transfer did, tensor by tensor: loaded (name and shape matched),
 * skipped (with the reason: shape differs, or the file's tensor does not exist here), newly
 * initialized (tensors of the target the source lacks or could not fill; they keep the values the
 * target had, normally from {@link Model#initialize}). Print it: users need to see that the head
 * was re-initialized and the body was not.
 *
 * @param loaded target tensors filled from the source
 * @param skipped source tensors not used, with the reason
 * @param initialized target tensors left as they were
 */
public record TransferReport(List<String> loaded, Map<String, String> skipped, List<String> initialized) {

  /**
   * Copies matching tensors of {@code source} into {@code target}.
   * @param source the model to copy from
   * @param target the model to copy into
   * @return what was copied, skipped and left as it was
   */
  public static TransferReport transfer(Model source, Model target) {
    return transfer(source.parameterInfo(), source.parameters(), target);
  }

  static TransferReport transfer(List<ParameterInfo> from, float[] params, Model target) {
    Map<String, ParameterInfo> byName = new LinkedHashMap<>();
    for (ParameterInfo p : from) {
      byName.put(p.name(), p);
    }
    List<String> loaded = new ArrayList<>();
    Map<String, String> skipped = new LinkedHashMap<>();
    List<String> initialized = new ArrayList<>();
    float[] dst = target.parameters();
    for (ParameterInfo t : target.parameterInfo()) {
      ParameterInfo s = byName.remove(t.name());
      if (s == null) {
        initialized.add(t.name());
      } else if (!Arrays.equals(s.shape(), t.shape())) {
        skipped.put(s.name(), "shape " + Arrays.toString(s.shape()) + " in the source, " + Arrays.toString(t.shape()) + " here");
        initialized.add(t.name());
      } else {
        System.arraycopy(params, s.offset(), dst, t.offset(), t.size());
        loaded.add(t.name());
      }
    }
    for (ParameterInfo s : byName.values()) {
      skipped.put(s.name(), "no tensor of that name in " + target.name());
    }
    return new TransferReport(List.copyOf(loaded), Map.copyOf(skipped), List.copyOf(initialized));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder();
    s.append("loaded ").append(loaded.size()).append(": ").append(String.join(", ", loaded)).append('\n');
    s.append("skipped ").append(skipped.size()).append(':');
    skipped.forEach((k, v) -> s.append("\n  ").append(k).append(" (").append(v).append(')'));
    s.append("\nnewly initialized ").append(initialized.size()).append(": ").append(String.join(", ", initialized));
    return s.toString();
  }
}
