package org.patientportal.core.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Runs a suite once per {@link StorageKind}, each run named "{suite's display name} on {storage}".
 * The suite (or its fixture) receives the kind in a field annotated with
 * {@link org.junit.jupiter.params.Parameter @Parameter}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ParameterizedClass(name = "{displayName} on {0}")
@EnumSource(StorageKind.class)
public @interface OnEveryStorage {
}
