package dev.netc.annotations;

/**
 * The return type of every layer method of a {@link Network} type. It is only a marker: the
 * methods are never called, they name the layers (in declaration order) and carry their
 * annotations.
 */
public interface Layer {}
