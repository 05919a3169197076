package dev.netc.onnx.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;

/** Runs an ONNX model with ONNX Runtime (Java), the reference exported models are checked against. */
public final class Ort {
  private Ort() {}

  /**
   * Runs {@code model} on {@code batch} examples: {@code inputs} per graph input in order (each
   * flat, per-example {@code shapes}; int64 inputs take the floats as token ids); returns each
   * output flat, in graph order.
   */
  public static List<float[]> run(ModelProto model, List<float[]> inputs, List<int[]> shapes, int batch)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(1);
      // the reference runs the graph as written: ORT 1.20's optimizer fuses a Pad into a following
      // AveragePool without counting the padded zeros, which changes the result
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
      try (OrtSession session = env.createSession(model.toByteArray(), options)) {
        Map<String, OnnxTensor> feed = new LinkedHashMap<>();
        try {
          for (int i = 0; i < inputs.size(); i++) {
            String name = model.getGraph().getInput(i).getName();
            int[] s = shapes.get(i);
            long[] dims = new long[s.length + 1];
            dims[0] = batch;
            for (int d = 0; d < s.length; d++) {
              dims[d + 1] = s[d];
            }
            boolean integer = model.getGraph().getInput(i).getType().getTensorType().getElemType() == 7;
            if (integer) {
              long[] ids = new long[inputs.get(i).length];
              for (int k = 0; k < ids.length; k++) {
                ids[k] = (long) inputs.get(i)[k];
              }
              feed.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(ids), dims));
            } else {
              feed.put(name, OnnxTensor.createTensor(env, FloatBuffer.wrap(inputs.get(i)), dims));
            }
          }
          try (OrtSession.Result result = session.run(feed)) {
            List<float[]> outputs = new ArrayList<>();
            for (Map.Entry<String, OnnxValue> e : result) {
              FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
              float[] v = new float[fb.remaining()];
              fb.get(v);
              outputs.add(v);
            }
            return outputs;
          }
        } finally {
          feed.values().forEach(OnnxTensor::close);
        }
      }
    }
  }
}
