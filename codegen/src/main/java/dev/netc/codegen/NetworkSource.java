package dev.netc.codegen;

import dev.netc.dsl.ast.NetworkDecl;
import java.util.function.Supplier;

/**
 * One network that a front end other than the {@code .net} parser reads into the AST (the
 * annotation processor reads an annotated type), for {@link NetcCompiler#compile(NetworkSource,
 * String)}.
 *
 * @param origin what the AST's positions name as their file (the annotated type's qualified name);
 *     also names the input in an internal error
 * @param fileName the source file the generated comments name, e.g. {@code Xor.java}
 * @param reader reads the AST; returns null when it could not, after reporting why itself
 */
public record NetworkSource(String origin, String fileName, Supplier<NetworkDecl> reader) {}
