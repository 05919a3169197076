package dev.netc.demo;

import dev.netc.annotations.NetFiles;

/** The .net files of this application, compiled by the netc annotation processor. */
@NetFiles({"dev/netc/demo/Rings.net", "dev/netc/demo/Sequence.net"})
final class Networks {}
