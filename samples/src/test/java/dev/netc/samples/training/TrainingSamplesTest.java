package dev.netc.samples.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.netc.samples.FashionMnist;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingSamplesTest {
  @TempDir Path dir;

  @Test
  void regularizedRunWritesHistoryAndLearns() throws Exception {
    FashionMnist.Data d = FashionMnist.embedded();
    double acc = RegularizedFashionMlp.run("r", d, 2, dir, true);
    assertTrue(acc > 0.5, "accuracy " + acc);
    assertTrue(Files.readString(dir.resolve("r.csv")).startsWith("epoch,loss,acc,val_loss,val_acc"));
    assertTrue(Files.readString(dir.resolve("r.svg")).contains("<svg"));
  }

  @Test
  void ensembleSampleReportsMembersAndEnsemble() throws Exception {
    double[] acc = EnsembleFashionMlp.run(FashionMnist.embedded(), 2, 2);
    assertTrue(acc.length == 3 && acc[2] > 0.5, java.util.Arrays.toString(acc));
  }
}
