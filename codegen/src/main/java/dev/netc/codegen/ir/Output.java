package dev.netc.codegen.ir;

import dev.netc.codegen.ops.LossCall;
import dev.netc.dsl.SourcePos;

/**
 * One output of a network with its loss: {@code output logits, aux;} and {@code loss
 * softmax_cross_entropy(aux, weight: 0.1);}. The optimizer minimizes the weighted sum of the losses.
 *
 * @param node the value returned and scored
 * @param loss the loss on it, with its resolved arguments (its own options; the value and the weight
 *     are not among them)
 * @param weight the loss's weight in the total
 * @param pos where the loss is declared, or the network when it is implied
 */
public record Output(Node node, LossCall loss, double weight, SourcePos pos) {}
