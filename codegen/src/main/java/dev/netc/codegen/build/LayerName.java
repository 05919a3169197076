package dev.netc.codegen.build;

/**
 * The name of a layer: a user name in the network ({@code user}), or a generated one, such as
 * {@code a_conv2d_1} for a layer inside the call {@code a = conv_bn_relu(...)}.
 */
record LayerName(String name, boolean user) {}
