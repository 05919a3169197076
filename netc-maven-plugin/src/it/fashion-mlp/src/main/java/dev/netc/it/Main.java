package dev.netc.it;

import dev.netc.runtime.Model;

/** Uses the generated class the way an application would. */
public final class Main {
  public static void main(String[] args) {
    Model model = new FashionMlp();
    model.initialize(42);
    System.out.println(model.summary());
    float[] out = model.predict(new float[model.inputSize()]);
    System.out.println("parameters=" + model.parameterCount());
    System.out.println("outputs=" + out.length);
    System.out.println("class=" + model.predictClass(new float[model.inputSize()]));
  }
}
