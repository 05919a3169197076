package dev.netc.runtime;

import dev.netc.runtime.kernels.Team;

/**
 * Passes split by examples over the calling thread's {@link Team}: each of the team's threads
 * runs the whole pass over its own slice of the batch, part 0 on the caller's workspace and the
 * others on helper workspaces this object keeps, so the threads share nothing but the read-only
 * parameters, and nothing is allocated once the helpers exist.
 *
 * <ul>
 *   <li>Inference: a pass has no reduction across examples, so each example's output is what the
 *       same pass computes for it on a batch of its slice's size.
 *   <li>Training: each part leaves the gradient of its slice's mean loss; the gradient of the
 *       batch's mean loss is their sum weighted by the slices' shares of the batch, added in part
 *       order, so a given team size gives the same bits on every run. Models with state the
 *       training pass computes over the whole batch (batch norm, whose running statistics are
 *       the parameters marked not trainable) are not split.
 * </ul>
 *
 * <p>Whether a split pays is decided from the shape alone (never from timings, so results are
 * deterministic for a given thread count), at thresholds measured with the benchmarks'
 * {@code TeamInference} (docs/deployment.md): each part must get {@link #MIN_FLOPS} forward FLOPs,
 * and a training split's parts {@link #MIN_FLOPS_PER_PARAMETER} training FLOPs per parameter,
 * since the threads write and combine a whole gradient each. Smaller batches run as one pass,
 * their large products shared by the team.
 *
 * <p>One per workspace (a workspace belongs to one thread at a time), made on its first split.
 */
final class BatchSplit implements Team.Part {
  /** Forward FLOPs each part must get for a split to pay (measured, docs/deployment.md). */
  static final long MIN_FLOPS = Long.getLong("netc.team.minBatchFlops", 1_000_000L);

  /**
   * Training FLOPs (three times the forward's) per parameter each part must get for a training
   * split to pay (measured, docs/deployment.md).
   */
  static final long MIN_FLOPS_PER_PARAMETER = Long.getLong("netc.team.minFlopsPerParameter", 400L);

  private static final String FLOPS_LINE = "forward FLOPs per example ";

  private final GeneratedModel model;
  private final int outputBuffer;
  private final int inputSize;
  private final int outputSize;
  private final int targetSize;
  /** Forward FLOPs of one example. */
  private final long flopsPerExample;
  /** Whether the training pass computes state over the whole batch (batch norm). */
  private final boolean batchCoupled;

  /** Workspaces of parts 1 and up; sized for the largest part of the owner's largest batch. */
  private Workspace[] helpers = new Workspace[0];
  /** Each helper's copy of its slice of the input (the passes read from index 0). */
  private float[][] inputs = new float[0][];
  /** Each helper's copy of its slice of the targets. */
  private float[][] targets = new float[0][];
  /** Each part's mean loss over its slice. */
  private double[] losses = new double[0];

  // the job being run
  private Workspace ws;
  private float[] in;
  private float[] target;
  private int batch;
  private boolean training;
  private boolean inputGradient;
  private final Combine combine = new Combine();

  private BatchSplit(GeneratedModel model) {
    this.model = model;
    ModelLayout layout = model.layout();
    this.outputBuffer = layout.outputBuffer();
    this.inputSize = model.inputSize();
    this.outputSize = model.outputSize();
    this.targetSize = model.targetSize();
    this.flopsPerExample = flopsPerExample(layout, model.parameterCount());
    boolean coupled = false;
    for (ParameterInfo p : layout.parameters()) {
      coupled |= !p.trainable();
    }
    this.batchCoupled = coupled;
  }

  /**
   * The split that runs an inference pass of {@code batch} examples on {@code ws}, or null when
   * no team is free or the batch is too small to gain.
   */
  static BatchSplit inference(GeneratedModel model, Workspace ws, int batch) {
    Team team = batch < 2 ? null : Team.sharing();
    if (team == null) {
      return null;
    }
    BatchSplit split = of(model, ws);
    return split.perPart(batch, team.size()) * split.flopsPerExample >= MIN_FLOPS ? split : null;
  }

  /**
   * The split that runs a training pass of {@code batch} examples on {@code ws}, or null when no
   * team is free, the model is batch-coupled, or the batch is too small to gain.
   */
  static BatchSplit training(GeneratedModel model, Workspace ws, int batch) {
    Team team = batch < 2 ? null : Team.sharing();
    if (team == null) {
      return null;
    }
    BatchSplit split = of(model, ws);
    long partFlops = split.perPart(batch, team.size()) * split.flopsPerExample * 3;
    boolean pays = !split.batchCoupled && partFlops >= 3 * MIN_FLOPS
        && partFlops >= MIN_FLOPS_PER_PARAMETER * Math.max(1, model.parameterCount());
    return pays ? split : null;
  }

  private static BatchSplit of(GeneratedModel model, Workspace ws) {
    BatchSplit split = ws.batchSplit;
    if (split == null || split.model != model) {
      split = new BatchSplit(model);
      ws.batchSplit = split;
    }
    return split;
  }

  /** The examples of the smallest part. */
  private static long perPart(int batch, int parts) {
    return batch / parts;
  }

  /**
   * Forward FLOPs per example as the compiler's summary states them; for a layout without that
   * line (written by hand), two FLOPs per parameter plus one per workspace float of an example.
   */
  static long flopsPerExample(ModelLayout layout, int parameters) {
    String summary = layout.summary();
    int at = summary == null ? -1 : summary.indexOf(FLOPS_LINE);
    if (at >= 0) {
      long v = 0;
      int i = at + FLOPS_LINE.length();
      while (i < summary.length() && Character.isDigit(summary.charAt(i))) {
        v = v * 10 + (summary.charAt(i++) - '0');
      }
      if (i > at + FLOPS_LINE.length()) {
        return v;
      }
    }
    long floats = 0;
    for (int size : layout.bufferSizes()) {
      floats += size;
    }
    return 2L * parameters + floats;
  }

  /** The inference pass over the team, leaving every output in {@code ws}'s output buffer. */
  void forward(Workspace ws, float[] in, int batch) {
    start(ws, in, null, batch, false, false);
  }

  /**
   * The training pass over the team: {@code ws.gradients()} gets the gradient of the batch's mean
   * loss, the output buffer every example's output and, when asked, the input gradient too.
   *
   * @return the batch's mean loss
   */
  double computeGradients(Workspace ws, float[] in, float[] target, int batch, boolean inputGradient) {
    Team team = start(ws, in, target, batch, true, inputGradient);
    double loss = 0;
    for (int p = 0; p < team.size(); p++) {
      loss += share(p, team.size()) * losses[p];
    }
    combine.run(team, ws.gradients());
    return loss;
  }

  private Team start(Workspace ws, float[] in, float[] target, int batch, boolean training,
      boolean inputGradient) {
    Team team = Team.sharing();
    ensureHelpers(team.size(), ws.maxBatch());
    this.ws = ws;
    this.in = in;
    this.target = target;
    this.batch = batch;
    this.training = training;
    this.inputGradient = inputGradient;
    try {
      team.run(this);
    } finally {
      this.ws = null;
      this.in = null;
      this.target = null;
    }
    return team;
  }

  /** Part {@code p}'s share of the batch: its examples over the batch's. */
  private float share(int p, int parts) {
    return (float) (Team.cut(batch, parts, p + 1, 1) - Team.cut(batch, parts, p, 1)) / batch;
  }

  @Override
  public void run(int part, int parts) {
    int from = Team.cut(batch, parts, part, 1);
    int len = Team.cut(batch, parts, part + 1, 1) - from;
    Workspace w = part == 0 ? ws : helpers[part - 1];
    float[] x = in;
    float[] t = target;
    if (part > 0) {
      x = inputs[part - 1];
      System.arraycopy(in, from * inputSize, x, 0, len * inputSize);
      if (training) {
        t = targets[part - 1];
        System.arraycopy(target, from * targetSize, t, 0, len * targetSize);
      }
    }
    model.forwardPass(w, x, len, training);
    if (training) {
      losses[part] = model.lossValue(w, t, len);
      model.backwardPass(w, x, t, len, inputGradient);
    }
    if (part > 0) {
      System.arraycopy(w.buffers[outputBuffer], 0, ws.buffers[outputBuffer], from * outputSize,
          len * outputSize);
    }
    if (training && inputGradient) {
      // the part's input gradient is of its slice's mean loss: scale it to the batch's
      float s = share(part, parts);
      float[] src = w.inputGradient();
      float[] dst = ws.inputGradient();
      int at = from * inputSize;
      for (int i = 0; i < len * inputSize; i++) {
        dst[at + i] = s * src[i];
      }
    }
  }

  private void ensureHelpers(int parts, int maxBatch) {
    // the largest part of a batch of at most maxBatch examples
    int perPart = (maxBatch + parts - 1) / parts;
    if (helpers.length == parts - 1 && (parts == 1 || helpers[0].maxBatch() >= perPart)) {
      return;
    }
    helpers = new Workspace[parts - 1];
    inputs = new float[parts - 1][];
    targets = new float[parts - 1][];
    losses = new double[parts];
    combine.shares = new float[parts];
    combine.helperGradients = new float[parts - 1][];
    for (int i = 0; i < helpers.length; i++) {
      // each helper's own dropout stream, the same on every run
      helpers[i] = model.newWorkspace(perPart, i + 1);
      inputs[i] = new float[Math.multiplyExact(perPart, inputSize)];
      targets[i] = new float[Math.multiplyExact(perPart, targetSize)];
      combine.helperGradients[i] = helpers[i].gradients();
    }
  }

  /**
   * {@code g = share0 * g + share1 * g1 + ...}, each thread over the slice of the parameters
   * it owns in the team's flat loops.
   */
  private final class Combine implements Team.Range {
    float[] shares = new float[0];
    float[][] helperGradients = new float[0][];
    private float[] g;

    void run(Team team, float[] gradients) {
      int parts = team.size();
      for (int p = 0; p < parts; p++) {
        shares[p] = share(p, parts);
      }
      g = gradients;
      try {
        team.forRanges(g.length, this);
      } finally {
        g = null;
      }
    }

    @Override
    public void run(int from, int to) {
      float s0 = shares[0];
      for (int i = from; i < to; i++) {
        g[i] *= s0;
      }
      for (int p = 1; p < shares.length; p++) {
        float s = shares[p];
        float[] h = helperGradients[p - 1];
        for (int i = from; i < to; i++) {
          g[i] += s * h[i];
        }
      }
    }
  }
}
