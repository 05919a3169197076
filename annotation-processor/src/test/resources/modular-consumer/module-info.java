// A modular application that uses netc: the generated classes live in this module.
module dev.netc.consumer {
  requires dev.netc.runtime;
  // the annotations are source-retained: needed to compile, absent at run time
  requires static dev.netc.annotations;
}
