package dev.netc.processor;

import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;

/**
 * What a synthetic source position stands for: the element, and optionally the annotation on it
 * and the value inside that annotation, that javac should underline.
 */
record Target(Element element, AnnotationMirror mirror, AnnotationValue value) {}
