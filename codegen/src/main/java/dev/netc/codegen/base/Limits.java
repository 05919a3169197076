package dev.netc.codegen.base;

/** Sizes past which a network is rejected with a clear error instead of failing at run time. */
public final class Limits {
  private Limits() {}

  /** Floats per example in one value: 512 MB, far beyond any sane layer. */
  public static final long MAX_ELEMENTS = 1L << 27;

  /** A flat float[] cannot hold more. */
  public static final long MAX_PARAMETERS = Integer.MAX_VALUE - 8;

  /** An imported file larger than this is refused before it is read: 4 MiB of network text. */
  public static final long MAX_IMPORTED_FILE_BYTES = 4L << 20;

  /** The file being compiled, the same cap as an imported one (the largest sample is ~2 KB). */
  public static final long MAX_SOURCE_FILE_BYTES = MAX_IMPORTED_FILE_BYTES;

  /** Characters in an import path; real ones are a few dozen. */
  public static final int MAX_IMPORT_PATH_CHARS = 1024;

  /** Files one compilation may import, directly or through other imports. */
  public static final int MAX_IMPORTED_FILES = 256;

  /** Length of an import chain (a.net imports b.net imports c.net ...). */
  public static final int MAX_IMPORT_DEPTH = 32;

  /** Block calls nested inside block calls; also bounds the checker's recursion. */
  public static final int MAX_BLOCK_DEPTH = 64;

  /**
   * Block calls expanded for one network. Blocks that call a block twice double at each level, so
   * a few lines could otherwise ask for billions of expansions.
   */
  public static final int MAX_BLOCK_CALLS = 10_000;

  /**
   * Layers in one network, written out or added by block calls. The generated class must stay
   * compilable: javac fails ("too many constants") past 65,535 constant-pool entries per class,
   * and each layer adds its method names, offsets and names. Measured on JDK 17, entries per
   * layer: relu 11, dense 20, conv2d 25, batchnorm 32, gru 42, lstm 48 (the most), plus ~400 for
   * the class itself; 2,000 dense layers compiled, 4,000 did not. 1,100 lstm layers need ~53,500,
   * leaving room for an op that costs a fifth more, and real networks stay far below the limit
   * (ResNet-152 has about 500 layers).
   */
  public static final int MAX_LAYERS = 1_100;

  /**
   * Values one merge reads: each is a parameter of the merge's generated methods, and a Java method
   * takes at most 255 parameter slots (the backward method has two per input).
   */
  public static final int MAX_MERGE_INPUTS = 64;

  /**
   * Inputs, and outputs, of one network: splitting the packed input and the packed target costs a
   * statement per port in {@code forwardPass} and {@code lossValue}, which must stay far below
   * HotSpot's 8,000-byte method limit (measured: about 50 bytes per output in lossValue).
   */
  public static final int MAX_PORTS = 100;

  /**
   * Characters in a network name, which names the generated {@code Name.java} and {@code
   * Name.class}: common file systems allow 255 bytes per file name, and javac adds suffixes.
   */
  public static final int MAX_NETWORK_NAME_CHARS = 200;

  /**
   * Characters in a layer, value, block or parameter name. Names become parts of method and
   * constant names and of strings in the generated class, where the class file allows 65,535
   * bytes; layer names made by block calls join the names along the call chain (at most {@link
   * #MAX_BLOCK_DEPTH} deep), so 200 per name keeps even those far below it.
   */
  public static final int MAX_NAME_CHARS = 200;
}
