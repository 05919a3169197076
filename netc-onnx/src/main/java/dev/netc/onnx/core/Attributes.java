package dev.netc.onnx.core;

import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.AttributeProto.AttributeType;
import onnx.Onnx.NodeProto;

/** Reading a node's attributes with the defaults the ONNX operator specification gives, and writing them. */
public final class Attributes {
  private Attributes() {}

  /** The attribute called {@code name}, or null. */
  public static AttributeProto find(NodeProto node, String name) {
    for (AttributeProto a : node.getAttributeList()) {
      if (a.getName().equals(name)) {
        return a;
      }
    }
    return null;
  }

  /** Whether {@code node} sets attribute {@code name}. */
  public static boolean has(NodeProto node, String name) {
    return find(node, name) != null;
  }

  /** An INT attribute, or {@code fallback} (the specification's default) when absent. */
  public static long getInt(NodeProto node, String name, long fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getI();
  }

  /** A FLOAT attribute, or {@code fallback} when absent. */
  public static float getFloat(NodeProto node, String name, float fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getF();
  }

  /** A STRING attribute as UTF-8 text, or {@code fallback} when absent. */
  public static String getString(NodeProto node, String name, String fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getS().toStringUtf8();
  }

  /** An INTS attribute, or {@code fallback} (may be null) when absent. */
  public static long[] getInts(NodeProto node, String name, long[] fallback) {
    AttributeProto a = find(node, name);
    return a == null ? fallback : a.getIntsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** An INT attribute. */
  public static AttributeProto ofInt(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
  }

  /** A FLOAT attribute. */
  public static AttributeProto ofFloat(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.FLOAT).setF(value).build();
  }

  /** An INTS attribute. */
  public static AttributeProto ofInts(String name, long... values) {
    AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  /** A STRING attribute, UTF-8 encoded. */
  public static AttributeProto ofString(String name, String value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeType.STRING)
        .setS(com.google.protobuf.ByteString.copyFromUtf8(value)).build();
  }

  /** The names of the attributes a node sets, for messages. */
  public static List<String> names(NodeProto node) {
    return node.getAttributeList().stream().map(AttributeProto::getName).toList();
  }
}
