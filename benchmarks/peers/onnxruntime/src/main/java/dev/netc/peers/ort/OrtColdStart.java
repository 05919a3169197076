package dev.netc.peers.ort;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * ONNX Runtime's side of the cold-start measurement (peers/coldstart.sh): load the ONNX model,
 * predict one image, print {@code PREDICTED class epoch-nanoseconds}.
 * Usage: {@code OrtColdStart MODEL.onnx IMAGE_F32}.
 */
public final class OrtColdStart {
  private OrtColdStart() {}

  public static void main(String[] args) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = OrtPeer.options();
         OrtSession session = env.createSession(args[0], opts)) {
      float[] image = new float[784];
      ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(image);
      int predicted;
      try (OnnxTensor in = OnnxTensor.createTensor(env, FloatBuffer.wrap(image), new long[] {1, 784});
           OrtSession.Result r = session.run(Map.of("image", in))) {
        predicted = OrtPeer.argmax(((float[][]) r.get(0).getValue())[0]);
      }
      Instant now = Instant.now();
      System.out.println("PREDICTED " + predicted + " " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
    }
  }
}
