package dev.netc.demo;

import dev.netc.annotations.NetFiles;

@NetFiles("dev/netc/demo/Broken.net")
final class Networks {}
