package dev.netc.peers.dl4j;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's side of the cold-start measurement (peers/coldstart.sh): restore the saved mlp-sgd
 * network, predict one image, print {@code PREDICTED class epoch-nanoseconds}.
 * Usage: {@code Dl4jColdStart MODEL.zip IMAGE_F32}.
 */
public final class Dl4jColdStart {
  private Dl4jColdStart() {}

  public static void main(String[] args) throws Exception {
    MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(Path.of(args[0]).toFile(), false);
    float[] image = new float[784];
    ByteBuffer.wrap(Files.readAllBytes(Path.of(args[1]))).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(image);
    int predicted = net.output(Nd4j.create(image, new long[] {1, 784}, 'c')).argMax(1).getInt(0);
    Instant now = Instant.now();
    System.out.println("PREDICTED " + predicted + " " + (now.getEpochSecond() * 1_000_000_000L + now.getNano()));
  }
}
