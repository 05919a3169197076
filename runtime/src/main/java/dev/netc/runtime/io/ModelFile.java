package dev.netc.runtime.io;

import dev.netc.runtime.GeneratedModel;
import dev.netc.runtime.Model;
import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.train.Trainer;
import dev.netc.runtime.train.TrainingState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves and loads a model's parameters.
 *
 * <p>Format version 1, big-endian:
 *
 * <pre>
 *   "NETC"                      4 bytes magic
 *   int    version              1
 *   int    n, byte[n]           network name, UTF-8
 *   long   layout hash          {@link #layoutHash} of the parameter names and shapes
 *   int    parameter count
 *   float  parameters[count]
 *   int    CRC32 of every byte before it
 * </pre>
 *
 * <p>Format version 2 (written by {@link #save(Model, Path, TrainingState)}) has the same header
 * and parameters, then a tensor table and optional training state before the checksum:
 *
 * <pre>
 *   int    tensors; per tensor: string name, int rank, int[rank] shape, int offset, byte trainable
 *   byte   has state; if 1: int epoch, long shuffle rng, long dropout rng, long augment rng,
 *          double base lr, byte has optimizer; if 1: string name, long steps, double lr,
 *          int buffers; per buffer: string key, int n, float[n]
 *   (string = int n, byte[n] UTF-8)
 * </pre>
 *
 * The tensor table lets {@link #loadPretrained} match tensors by name and shape into a network
 * whose head differs; the state lets {@link Trainer#restore} resume bitwise.
 *
 * <p>Format version 3 (written by {@link #save(Model, Path, TrainingState)}, and by {@link
 * #save(Model, Path)} for a network with several inputs or outputs) is version 2 with a port
 * table between the tensor table and the state:
 *
 * <pre>
 *   int    inputs;  per input (declaration order):  string name, int rank, int[rank] shape
 *   int    outputs; per output (declaration order): string name, int rank, int[rank] shape
 * </pre>
 *
 * A load compares it with the model's {@link Model#inputs()} and {@link Model#outputs()}: weights
 * saved for a network that takes or returns other values (renamed, reshaped, reordered, added or
 * removed ports) are refused with both port lists, since packed arrays would be read in the wrong
 * places. Files without a port table (versions 1 and 2) are checked by name and parameter layout
 * only, as they always were, whatever the model's ports.
 *
 * <p>Versioning rules. A reader accepts every version up to its own and refuses a newer one by
 * number ("unsupported format version 4 (this runtime reads versions 1 to 3)") instead of
 * misreading it; a version's layout never changes once released (a reader rejects bytes it does
 * not expect), so anything new is a new version number that extends the previous layout, with a
 * reader for it. {@link #save(Model, Path)} writes the oldest version that records everything the
 * model needs (version 1 for one input and one output, so that older runtimes keep reading plain
 * weights); {@link #save(Model, Path, TrainingState)} and checkpoints write the newest.
 *
 * <p>One writer and one reader per layout ({@code ModelFileV1Writer}, {@code ModelFileV1Reader};
 * {@code ModelFileV2Writer}, {@code ModelFileV2Reader} for versions 2 and 3, which extends 2); the
 * loads read the header and hand the file to its version's reader, which verifies everything
 * before the parameters are copied.
 *
 * <p>Why this shape: a file trained for one network must not be loaded silently into another whose
 * parameters happen to have the same count, so the name and a hash of every parameter's name and
 * shape are checked; a half-written or bit-rotted file must not become a model that predicts
 * garbage, so files are written atomically (temp file, fsync, rename) and checksummed. A load
 * verifies the whole file before it touches the model, so a failed load leaves the parameters as
 * they were, and it allocates nothing from a length it has not checked against the file size.
 */
public final class ModelFile {
  /** The first four bytes of every model file. */
  public static final byte[] MAGIC = {'N', 'E', 'T', 'C'};

  /** The format version {@link #save(Model, Path)} writes for one input and one output (plain weights). */
  public static final int VERSION = 1;

  /** The format version with a tensor table and optional training state. */
  public static final int VERSION_2 = 2;

  /** Version 2 with the port table: what {@link #save(Model, Path, TrainingState)} writes. */
  public static final int VERSION_3 = 3;

  private ModelFile() {}

  /**
   * Writes the model's parameters to {@code file} atomically, replacing any existing file: version
   * 1 for a network with one input and one output, version 3 without training state (which
   * records the ports) for one with several.
   * @param model the model whose parameters are written
   * @param file the file to write
   * @throws IOException when the file cannot be written
   */
  public static void save(Model model, Path file) throws IOException {
    save(WeightLayout.of(model), model.parameters(), file);
  }

  /**
   * Writes {@code parameters}, laid out as {@code layout} says, to {@code file} as {@link #save(Model,
   * Path)} writes a model's: for tools that hold a network's weights without its generated class
   * (the ONNX importer). The generated class of that network loads the file.
   * @param layout the network's name, parameter layout and ports
   * @param parameters the flat parameter buffer, {@link WeightLayout#parameterCount()} floats
   * @param file the file to write
   * @throws IOException when the file cannot be written
   * @throws IllegalArgumentException when {@code parameters} does not have the layout's size
   */
  public static void save(WeightLayout layout, float[] parameters, Path file) throws IOException {
    if (parameters.length != layout.parameterCount()) {
      throw new IllegalArgumentException("network " + layout.network() + " has " + layout.parameterCount()
          + " parameters, got " + parameters.length);
    }
    if (layout.hasSeveralPorts()) {
      AtomicFile.replace(file, ModelFileV2Writer.encode(layout, parameters, null, VERSION_3));
    } else {
      AtomicFile.replace(file, ch -> ModelFileV1Writer.write(layout, parameters, ch));
    }
  }

  /**
   * Reads the parameters of a file written for the network {@code layout} describes, with every
   * check of {@link #load} (name, layout hash, ports, checksum): for tools that hold a network as
   * a checked graph rather than a generated class (the ONNX exporter).
   * @param layout the network's name, parameter layout and ports
   * @param file a version-1, -2 or -3 file
   * @return the flat parameter buffer
   * @throws IOException when the file cannot be read, or ModelFileException when it does not check out
   */
  public static float[] read(WeightLayout layout, Path file) throws IOException {
    return reader(version(file)).read(layout, file).params();
  }

  /**
   * Writes a version-3 file: the parameters, the tensor table, the port table and, when {@code
   * state} is not null, the training state. Atomic like {@link #save(Model, Path)}.
   * @param model the model whose parameters are written
   * @param file the file to write
   * @param state the training state to include, or null
   * @throws IOException when the file cannot be written
   */
  public static void save(Model model, Path file, TrainingState state) throws IOException {
    AtomicFile.replace(file, ModelFileV2Writer.encode(WeightLayout.of(model), model.parameters(), state, VERSION_3));
  }

  /**
   * Loads parameters saved by either {@code save} into {@code model}, an instance of the same
   * generated class (or one with the same name, parameter layout and, when the file records them,
   * inputs and outputs). Nothing is changed unless the whole file checks out.
   *
   * @throws ModelFileException when the file is not a netc model file, has another format
   *     version, was written for another network, parameter layout or other inputs and outputs,
   *     is truncated, or fails its checksum
   * @throws IOException when the file cannot be read
   * @param model receives the parameters
   * @param file the file to read
   */
  public static void load(Model model, Path file) throws IOException {
    loadCheckpoint(model, file);
  }

  /**
   * Loads a version-1, -2 or -3 file into {@code model} (same checks as {@link #load}) and returns the
   * training state it holds, or null when it holds none.
   * @param model receives the parameters
   * @param file the file to read
   * @return the training state, or null
   * @throws IOException when the file cannot be read, or ModelFileException when it does not check out
   */
  public static TrainingState loadCheckpoint(Model model, Path file) throws IOException {
    ModelFileContents c = reader(version(file)).read(WeightLayout.of(model), file);
    System.arraycopy(c.params(), 0, model.parameters(), 0, c.params().length);
    if (model instanceof GeneratedModel g) {
      // set even when the file holds all zeros
      g.markParametersSet();
    }
    return c.state();
  }

  /**
   * Fine-tuning: copies every tensor of a version-2 or -3 file whose name and shape match a tensor
   * of {@code model} (any network name, any inputs and outputs); the others keep their current (initialized) values. The
   * report lists what was loaded, skipped (with the reason) and left newly initialized.
   * @param model receives the matching tensors
   * @param file a version-2 or -3 file
   * @return what was loaded, skipped and left initialized
   * @throws IOException when the file cannot be read, or ModelFileException when it is no version-2 or -3 netc file
   */
  public static TransferReport loadPretrained(Model model, Path file) throws IOException {
    if (version(file) == VERSION) {
      throw new ModelFileException(file, "a version-1 file has no tensor table; save the pretrained"
          + " model with save(model, file, state) to fine-tune from it");
    }
    ModelFileContents c = ModelFileV2Reader.decode(file, Files.readAllBytes(file));
    return TransferReport.transfer(c.tensors(), c.params(), model);
  }

  /** The format version in the file's header; a file that is no netc model file fails. */
  static int version(Path file) throws IOException {
    return ModelFileHeader.version(file);
  }

  private static ModelFileReader reader(int version) {
    return version == VERSION ? ModelFileV1Reader.INSTANCE : ModelFileV2Reader.INSTANCE;
  }

  /**
   * A 64-bit FNV-1a hash of the parameters' names and shapes, in order: it changes when a layer is
   * renamed, resized, added, removed or reordered, not when weights change.
   * @param parameters the parameter layout
   * @return the hash
   */
  public static long layoutHash(List<ParameterInfo> parameters) {
    long h = 0xcbf29ce484222325L;
    h = mix(h, parameters.size());
    for (ParameterInfo p : parameters) {
      byte[] name = p.name().getBytes(StandardCharsets.UTF_8);
      h = mix(h, name.length);
      for (byte b : name) {
        h = (h ^ (b & 0xFF)) * 0x100000001b3L;
      }
      h = mix(h, p.shape().length);
      for (int d : p.shape()) {
        h = mix(h, d);
      }
    }
    return h;
  }

  private static long mix(long h, int v) {
    for (int i = 24; i >= 0; i -= 8) {
      h = (h ^ ((v >>> i) & 0xFF)) * 0x100000001b3L;
    }
    return h;
  }
}
