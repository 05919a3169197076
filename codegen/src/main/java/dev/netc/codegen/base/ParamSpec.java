package dev.netc.codegen.base;

import dev.netc.runtime.Init;

/**
 * A trainable tensor an op owns, e.g. {@code weight [784, 256]}. The emitter assigns its offset
 * in the flat parameter buffer.
 *
 * @param role short name within the layer ("weight", "bias")
 * @param trainable false for state the forward pass updates itself (running statistics)
 */
public record ParamSpec(String role, Shape shape, Init init, int fanIn, int fanOut, boolean trainable) {

  /** A trainable tensor. */
  public ParamSpec(String role, Shape shape, Init init, int fanIn, int fanOut) {
    this(role, shape, init, fanIn, fanOut, true);
  }
}
