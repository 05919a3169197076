package dev.netc.dsl.ast;

/** A statement inside a network or block body. */
public sealed interface Member extends Node
    permits InputDecl, ValueStmt, OutputDecl, LossDecl, OptimizerDecl, TrainingDecl, ReturnStmt {}
