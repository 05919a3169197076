package dev.netc.spark;

import java.io.Serializable;

/**
 * Where a partition's rows keep the input and the target.
 *
 * @param features the input column's position
 * @param target the target (or label) column's position
 * @param featuresName its name, for messages
 * @param targetName its name
 */
record TrainingColumns(int features, int target, String featuresName, String targetName) implements Serializable {}
