package dev.netc.runtime.io;

import dev.netc.runtime.ParameterInfo;
import dev.netc.runtime.train.TrainingState;
import java.util.List;

/**
 * What a verified model file holds, whatever its version.
 *
 * @param name the network name in the header
 * @param hash the layout hash in the header ({@link ModelFile#layoutHash})
 * @param params every parameter
 * @param tensors the tensor table (version 2), or null (version 1)
 * @param state the training state (version 2 and 3, when saved), or null
 * @param ports the network's inputs and outputs as the file records them (version 3), or null
 */
record ModelFileContents(String name, long hash, float[] params, List<ParameterInfo> tensors, TrainingState state,
    FilePorts ports) {}
