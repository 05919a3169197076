package dev.netc.runtime.train;

import dev.netc.runtime.Model;
import dev.netc.runtime.io.ModelFile;
import dev.netc.runtime.optim.OptimizerState;

/**
 * Everything besides the parameters that a resumed run needs to continue bitwise as if never
 * interrupted: epochs finished, the generator states (shuffle, dropout, augmentation), the base
 * learning rate and the optimizer's state. {@link Trainer#trainingState()} takes it, {@link
 * ModelFile#save(Model, java.nio.file.Path, TrainingState)} stores it, {@link
 * Trainer#restore(TrainingState)} continues from it.
 *
 * @param epoch epochs finished
 * @param shuffleRng state of the shuffling generator
 * @param dropoutRng state of the workspace generator dropout draws from
 * @param augmentRng state of the augmentation generator
 * @param baseLearningRate the trainer's base learning rate
 * @param optimizer the optimizer state, or null when the optimizer cannot export it
 */
public record TrainingState(
    int epoch, long shuffleRng, long dropoutRng, long augmentRng, double baseLearningRate,
    OptimizerState optimizer) {}
