package dev.netc.onnx.core;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorProto.DataType;

/**
 * ONNX tensors to and from Java arrays: float32 as little-endian {@code raw_data} (how PyTorch and
 * netc write them), reading also the typed fields ({@code float_data}, {@code int64_data}, {@code
 * int32_data}) other producers use.
 */
public final class Tensors {
  private Tensors() {}

  /** A float32 tensor called {@code name} with {@code dims}, its values as raw little-endian bytes. */
  public static TensorProto floats(String name, float[] values, long... dims) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    bb.asFloatBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.FLOAT_VALUE)
        .setRawData(ByteString.copyFrom(bb.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** An int64 tensor called {@code name} with {@code dims} (a 1-d list when dims is {@code [n]}). */
  public static TensorProto longs(String name, long[] values, long... dims) {
    ByteBuffer bb = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    bb.asLongBuffer().put(values);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(DataType.INT64_VALUE)
        .setRawData(ByteString.copyFrom(bb.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    return t.build();
  }

  /** The tensor's dims. */
  public static long[] dims(TensorProto t) {
    return t.getDimsList().stream().mapToLong(Long::longValue).toArray();
  }

  /** The number of elements the dims declare, or -1 when a dim is negative or the product overflows. */
  public static long elementCount(TensorProto t) {
    long n = 1;
    for (long d : t.getDimsList()) {
      if (d < 0) {
        return -1;
      }
      try {
        n = Math.multiplyExact(n, d);
      } catch (ArithmeticException e) {
        return -1;
      }
    }
    return n;
  }

  /** Whether the values are stored outside the file ({@code data_location = EXTERNAL}). */
  public static boolean isExternal(TensorProto t) {
    return t.getDataLocation() == TensorProto.DataLocation.EXTERNAL;
  }

  /**
   * The values of a float, double, int32 or int64 tensor as floats, or null for another type or
   * when the stored values do not match the dims.
   */
  public static float[] toFloats(TensorProto t) {
    long n = elementCount(t);
    if (n < 0 || n > Integer.MAX_VALUE || !storesAtLeast(t, n)) {
      return null;
    }
    int count = (int) n;
    ByteString raw = t.getRawData();
    switch (t.getDataType()) {
      case DataType.FLOAT_VALUE -> {
        if (!raw.isEmpty()) {
          if (raw.size() != count * 4L) {
            return null;
          }
          float[] v = new float[count];
          raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
          return v;
        }
        if (t.getFloatDataCount() != count) {
          return null;
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
          v[i] = t.getFloatData(i);
        }
        return v;
      }
      case DataType.DOUBLE_VALUE -> {
        double[] d = doubles(t, count);
        if (d == null) {
          return null;
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
          v[i] = (float) d[i];
        }
        return v;
      }
      default -> {
        long[] l = toLongs(t);
        if (l == null) {
          return null;
        }
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
          v[i] = l[i];
        }
        return v;
      }
    }
  }

  /**
   * Whether {@code t} can hold {@code count} values: no tensor stores more values than it has raw
   * bytes or typed entries, so a larger count, which only the dims declare, cannot match, and
   * nothing is allocated for it.
   */
  private static boolean storesAtLeast(TensorProto t, long count) {
    long most = Math.max(Math.max(t.getRawData().size(), t.getFloatDataCount()),
        Math.max(Math.max(t.getInt32DataCount(), t.getInt64DataCount()), t.getDoubleDataCount()));
    return count <= most;
  }

  private static double[] doubles(TensorProto t, int count) {
    ByteString raw = t.getRawData();
    double[] v = new double[count];
    if (!raw.isEmpty()) {
      if (raw.size() != count * 8L) {
        return null;
      }
      raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(v);
      return v;
    }
    if (t.getDoubleDataCount() != count) {
      return null;
    }
    for (int i = 0; i < count; i++) {
      v[i] = t.getDoubleData(i);
    }
    return v;
  }

  /** The values of an int64, int32 (or smaller int) or bool tensor, or null for another type or a size mismatch. */
  public static long[] toLongs(TensorProto t) {
    long n = elementCount(t);
    if (n < 0 || n > Integer.MAX_VALUE || !storesAtLeast(t, n)) {
      return null;
    }
    int count = (int) n;
    ByteString raw = t.getRawData();
    long[] v = new long[count];
    switch (t.getDataType()) {
      case DataType.INT64_VALUE -> {
        if (!raw.isEmpty()) {
          if (raw.size() != count * 8L) {
            return null;
          }
          LongBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer();
          b.get(v);
          return v;
        }
        if (t.getInt64DataCount() != count) {
          return null;
        }
        for (int i = 0; i < count; i++) {
          v[i] = t.getInt64Data(i);
        }
        return v;
      }
      case DataType.INT32_VALUE -> {
        if (!raw.isEmpty()) {
          if (raw.size() != count * 4L) {
            return null;
          }
          ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
          for (int i = 0; i < count; i++) {
            v[i] = b.getInt();
          }
          return v;
        }
        if (t.getInt32DataCount() != count) {
          return null;
        }
        for (int i = 0; i < count; i++) {
          v[i] = t.getInt32Data(i);
        }
        return v;
      }
      case DataType.BOOL_VALUE, DataType.INT8_VALUE, DataType.UINT8_VALUE -> {
        if (!raw.isEmpty()) {
          if (raw.size() != count) {
            return null;
          }
          for (int i = 0; i < count; i++) {
            v[i] = t.getDataType() == DataType.UINT8_VALUE ? raw.byteAt(i) & 0xFF : raw.byteAt(i);
          }
          return v;
        }
        if (t.getInt32DataCount() != count) {
          return null;
        }
        for (int i = 0; i < count; i++) {
          v[i] = t.getInt32Data(i);
        }
        return v;
      }
      default -> {
        return null;
      }
    }
  }

  /** Whether the tensor holds floating-point values (float, double, float16). */
  public static boolean isFloating(TensorProto t) {
    int type = t.getDataType();
    return type == DataType.FLOAT_VALUE || type == DataType.DOUBLE_VALUE;
  }
}
