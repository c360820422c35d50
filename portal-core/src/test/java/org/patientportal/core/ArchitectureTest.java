package org.patientportal.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The module rules of design.md, kept by ArchUnit over the production classes of the SPI, core and
 * both adapters (all on this module's test class path).
 */
@DisplayName("Architecture")
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                // not Predefined.DO_NOT_INCLUDE_TESTS: it knows only target/test-classes, and parallel
                // builds use their own output folder (-Dportal.target=...)
                .withImportOption(location -> !location.contains("/test-classes/"))
                .importPackages("org.patientportal");
    }

    @Test
    @DisplayName("the adapters were imported, so the rules below have something to check")
    void adaptersArePresent() {
        org.assertj.core.api.Assertions.assertThat(classes.contain("org.patientportal.inmemory.InMemoryStorage")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.contain("org.patientportal.jdbc.JdbcStorage")).isTrue();
        org.assertj.core.api.Assertions.assertThat(classes.contain("org.patientportal.core.Portal")).isTrue();
    }

    @Test
    @DisplayName("adapters do not depend on core")
    void adaptersDoNotDependOnCore() {
        noClasses().that().resideInAnyPackage("org.patientportal.inmemory..", "org.patientportal.jdbc..")
                .should().dependOnClassesThat().resideInAPackage("org.patientportal.core..")
                .check(classes);
    }

    @Test
    @DisplayName("the SPI depends on nothing of the SDK but itself")
    void spiStandsAlone() {
        noClasses().that().resideInAnyPackage("org.patientportal.model..", "org.patientportal.spi..")
                .should().dependOnClassesThat().resideInAnyPackage(
                        "org.patientportal.core..", "org.patientportal.inmemory..", "org.patientportal.jdbc..")
                .check(classes);
    }

    @Test
    @DisplayName("core does not import java.sql")
    void coreDoesNotUseJdbc() {
        noClasses().that().resideInAPackage("org.patientportal.core..")
                .should().dependOnClassesThat().resideInAPackage("java.sql..")
                .check(classes);
    }

    @Test
    @DisplayName("no cycles between the SDK's top-level packages")
    void noCyclesBetweenTopLevelPackages() {
        slices().matching("org.patientportal.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("no cycles between core's capability packages")
    void noCyclesBetweenCapabilities() {
        slices().matching("org.patientportal.core.(*)..").should().beFreeOfCycles().check(classes);
    }
}
