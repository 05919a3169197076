/**
 * The annotations that declare a network on a Java interface ({@link dev.netc.annotations.Network}
 * and the layer annotations). They are all source-retained: an application module needs them only
 * to compile, so it declares {@code requires static dev.netc.annotations;} and runs without this
 * module. The processor that reads them is {@code netc-annotation-processor}, which javac runs
 * from the processor path.
 */
module dev.netc.annotations {
  exports dev.netc.annotations;
}
