package dev.netc.runtime.optim;

import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which ranges of the flat parameter buffer an optimizer may update ("trains") and which get
 * weight decay ("decays"). Optimizers, penalties and clipping loop over these segments, so frozen
 * layers and batch-norm running statistics ({@link ParameterInfo#trainable()} false) stay exactly
 * as they are, and biases and normalization parameters are not pulled towards zero.
 *
 * <p>Default rule of {@link #of}: a tensor decays unless it has rank 1 or its name ends in {@code
 * .bias}, {@code .gamma} or {@code .beta} (the usual practice: decaying them only hurts). Immutable.
 */
public final class ParameterMask {
  private final int[] start;
  private final int[] end;
  private final boolean[] train;
  private final boolean[] decay;
  private final List<ParameterInfo> infos;

  private ParameterMask(int[] start, int[] end, boolean[] train, boolean[] decay, List<ParameterInfo> infos) {
    this.start = start;
    this.end = end;
    this.train = train;
    this.decay = decay;
    this.infos = infos;
  }

  /**
   * One segment of {@code n} floats, trained and decayed: PyTorch's single parameter group.
   * @param n the number of parameters
   * @return the mask
   */
  public static ParameterMask all(int n) {
    return new ParameterMask(new int[] {0}, new int[] {n}, new boolean[] {true}, new boolean[] {true}, null);
  }

  /**
   * One segment per tensor with the default trainable and no-decay rules.
   * @param parameters the parameter layout
   * @return the mask
   */
  public static ParameterMask of(List<ParameterInfo> parameters) {
    return of(parameters, ParameterMask::decaysByDefault);
  }

  /**
   * One segment per tensor; {@code decays} chooses the tensors that get weight decay.
   * @param parameters the parameter layout
   * @param decays true for the tensors that get weight decay
   * @return the mask
   */
  public static ParameterMask of(List<ParameterInfo> parameters, Predicate<ParameterInfo> decays) {
    int n = parameters.size();
    int[] s = new int[n];
    int[] e = new int[n];
    boolean[] t = new boolean[n];
    boolean[] d = new boolean[n];
    for (int i = 0; i < n; i++) {
      ParameterInfo p = parameters.get(i);
      s[i] = p.offset();
      e[i] = p.offset() + p.size();
      t[i] = p.trainable();
      d[i] = p.trainable() && decays.test(p);
    }
    return new ParameterMask(s, e, t, d, List.copyOf(parameters));
  }

  /**
   * The mask for a model: {@link #of} its parameter layout.
   * @param model the model
   * @return the mask
   */
  public static ParameterMask of(Model model) {
    return of(model.parameterInfo());
  }

  /**
   * Rank-2+ tensors decay; rank-1 tensors and names ending in .bias/.gamma/.beta do not.
   * @param p the tensor
   * @return whether it decays by default
   */
  public static boolean decaysByDefault(ParameterInfo p) {
    String n = p.name();
    return p.shape().length > 1 && !n.endsWith(".bias") && !n.endsWith(".gamma") && !n.endsWith(".beta");
  }

  /**
   * A copy in which every tensor of the named layers is frozen (neither trained nor decayed).
   * @param layers the layer names
   * @return the new mask
   */
  public ParameterMask freeze(Collection<String> layers) {
    if (infos == null) {
      throw new IllegalStateException("freezing layers needs a mask built from a parameter layout");
    }
    Set<String> names = Set.copyOf(layers);
    List<String> unknown = new ArrayList<>(names);
    boolean[] t = train.clone();
    boolean[] d = decay.clone();
    for (int i = 0; i < infos.size(); i++) {
      if (names.contains(infos.get(i).layer())) {
        t[i] = false;
        d[i] = false;
        unknown.remove(infos.get(i).layer());
      }
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("no layer named " + unknown + " to freeze");
    }
    return new ParameterMask(start, end, t, d, infos);
  }

  /** {@return the number of segments} */
  public int segments() {
    return start.length;
  }

  /**
   * {@return the first parameter index of {@code segment}}
   *
   * @param segment the segment, from 0
   */
  public int start(int segment) {
    return start[segment];
  }

  /**
   * {@return the parameter index just past {@code segment}}
   *
   * @param segment the segment, from 0
   */
  public int end(int segment) {
    return end[segment];
  }

  /**
   * {@return whether the optimizer updates {@code segment}}
   *
   * @param segment the segment, from 0
   */
  public boolean trains(int segment) {
    return train[segment];
  }

  /**
   * {@return whether {@code segment} gets weight decay}
   *
   * @param segment the segment, from 0
   */
  public boolean decays(int segment) {
    return decay[segment];
  }

  /**
   * The tensor of a segment, or null for {@link #all}.
   * @param segment the segment, from 0
   * @return the tensor, or null
   */
  public ParameterInfo info(int segment) {
    return infos == null ? null : infos.get(segment);
  }

  /** Checks that the mask covers a buffer of {@code n} floats. */
  void check(int n) {
    for (int e : end) {
      if (e > n) {
        throw new IllegalArgumentException("mask reaches float " + e + " of a " + n + "-float buffer");
      }
    }
  }
}
