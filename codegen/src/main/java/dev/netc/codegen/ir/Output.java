package dev.netc.codegen.ir;

import dev.netc.codegen.ops.Args;
import dev.netc.codegen.ops.LossDef;
import dev.netc.dsl.SourcePos;

/**
 * One output of a network with its loss: {@code output logits, aux;} and {@code loss
 * softmax_cross_entropy(aux, weight: 0.1);}. The optimizer minimizes the weighted sum of the losses.
 *
 * @param node the value returned and scored
 * @param loss the loss on it
 * @param lossArgs the loss's resolved arguments (its own options; the value and the weight are not among them)
 * @param weight the loss's weight in the total
 * @param pos where the loss is declared, or the network when it is implied
 */
public record Output(Node node, LossDef loss, Args lossArgs, double weight, SourcePos pos) {}
