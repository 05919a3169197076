package dev.netc.spark;

import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sum of one {@link Contribution} per partition, in an order fixed by the partition indices
 * alone: a balanced binary tree over partitions {@code 0..P-1}, where a node adds its left child's
 * vector and its right child's, element by element. Spark's {@code treeAggregate} merges partial
 * results in whatever order tasks finish, and float addition is not associative, so summing as
 * results arrive would make training depend on timing; here a partial result keeps every subtree
 * it cannot complete yet and adds two of them only when they are siblings. The result is the same
 * for any merge order, and with one partition it is that partition's vector unchanged.
 *
 * <p>Mutable: {@code treeAggregate}'s operations update and return their first argument.
 */
final class CanonicalSum implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int partitions;
  /** The tree's height: leaves are level 0, the root is level {@code height}. */
  private final int height;
  /** Complete subtrees by {@link #key(int, int)}: the sum of their leaves in tree order. */
  private final TreeMap<Long, Node> nodes = new TreeMap<>();
  private final int[] counts;
  private final long[] rngStates;
  private final boolean[] seen;
  private String[] stateKeys;
  private int[] stateLengths;

  /** A subtree's vector (null when all its leaves were null) and scalar. */
  private record Node(float[] vector, double scalar) implements Serializable {}

  /**
   * An empty sum over {@code partitions} leaves: {@code treeAggregate}'s zero value (small, so it
   * is cheap to ship with every task).
   */
  CanonicalSum(int partitions) {
    if (partitions < 1) {
      throw new IllegalArgumentException("a sum needs at least one partition, got " + partitions);
    }
    this.partitions = partitions;
    this.height = 32 - Integer.numberOfLeadingZeros(partitions - 1);
    this.counts = new int[partitions];
    this.rngStates = new long[partitions];
    this.seen = new boolean[partitions];
  }

  /** {@code treeAggregate}'s sequence operation: adds one partition's contribution. */
  CanonicalSum add(Contribution c) {
    int p = c.partition();
    if (p < 0 || p >= partitions) {
      throw new IllegalStateException("contribution of partition " + p + " in a sum over " + partitions);
    }
    if (seen[p]) {
      throw new IllegalStateException("partition " + p + " contributed twice to one step");
    }
    seen[p] = true;
    counts[p] = c.count();
    rngStates[p] = c.rngState();
    if (stateKeys == null && c.stateKeys() != null) {
      stateKeys = c.stateKeys();
      stateLengths = c.stateLengths();
    }
    nodes.put(key(0, p), new Node(c.vector(), c.scalar()));
    collapse();
    return this;
  }

  /** {@code treeAggregate}'s combine operation: takes over {@code other}'s subtrees. */
  CanonicalSum merge(CanonicalSum other) {
    if (other.partitions != partitions) {
      throw new IllegalStateException("sums over " + partitions + " and " + other.partitions + " partitions");
    }
    for (int p = 0; p < partitions; p++) {
      if (other.seen[p]) {
        if (seen[p]) {
          throw new IllegalStateException("partition " + p + " contributed twice to one step");
        }
        seen[p] = true;
        counts[p] = other.counts[p];
        rngStates[p] = other.rngStates[p];
      }
    }
    if (stateKeys == null) {
      stateKeys = other.stateKeys;
      stateLengths = other.stateLengths;
    }
    nodes.putAll(other.nodes);
    collapse();
    return this;
  }

  /** Joins siblings, and lifts a node whose sibling covers no partition, until nothing changes. */
  private void collapse() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<Long, Node> e : nodes.entrySet()) {
        // read before changing the map: a TreeMap removal may move another mapping into this entry
        long key = e.getKey();
        Node node = e.getValue();
        int level = (int) (key >>> 32);
        int block = (int) key;
        if (level == height) {
          continue;
        }
        int sibling = block ^ 1;
        if ((long) sibling << level >= partitions) {
          nodes.remove(key);
          nodes.put(key(level + 1, block >> 1), node);
          changed = true;
          break;
        }
        Node other = nodes.get(key(level, sibling));
        if (other != null) {
          Node left = (block & 1) == 0 ? node : other;
          Node right = (block & 1) == 0 ? other : node;
          nodes.remove(key(level, block));
          nodes.remove(key(level, sibling));
          nodes.put(key(level + 1, block >> 1), join(left, right));
          changed = true;
          break;
        }
      }
    }
  }

  /** Left plus right, element by element, into the left vector (owned by this sum). */
  private static Node join(Node left, Node right) {
    float[] l = left.vector();
    float[] r = right.vector();
    if (l == null || r == null) {
      return new Node(l == null ? r : l, left.scalar() + right.scalar());
    }
    if (l.length != r.length) {
      throw new IllegalStateException("partitions sent vectors of " + l.length + " and " + r.length + " floats");
    }
    for (int i = 0; i < l.length; i++) {
      l[i] += r[i];
    }
    return new Node(l, left.scalar() + right.scalar());
  }

  private static long key(int level, int block) {
    return ((long) level << 32) | (block & 0xFFFFFFFFL);
  }

  private Node root() {
    for (int p = 0; p < partitions; p++) {
      if (!seen[p]) {
        throw new IllegalStateException("partition " + p + " of " + partitions + " sent nothing");
      }
    }
    Node root = nodes.get(key(height, 0));
    if (root == null || nodes.size() != 1) {
      throw new IllegalStateException("the sum over " + partitions + " partitions is incomplete");
    }
    return root;
  }

  /** The summed vector; null when no partition sent one (no examples at all). */
  float[] vector() {
    return root().vector();
  }

  /** The summed scalar. */
  double scalar() {
    return root().scalar();
  }

  /** Examples over all partitions. */
  long totalCount() {
    long n = 0;
    for (int c : counts) {
      n += c;
    }
    return n;
  }

  /** Each partition's dropout generator state after the step, by partition. */
  long[] rngStates() {
    return rngStates.clone();
  }

  /** The optimizer buffer names the vectors carry after the parameters, or null. */
  String[] stateKeys() {
    return stateKeys;
  }

  /** Their lengths, or null. */
  int[] stateLengths() {
    return stateLengths;
  }
}
