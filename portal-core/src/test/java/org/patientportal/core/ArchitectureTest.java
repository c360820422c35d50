package org.patientportal.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
        slices().matching("org.patientportal.core.(*)").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("no cycles between core's internal capability packages")
    void noCyclesBetweenInternalCapabilities() {
        slices().matching("org.patientportal.core.internal.(*)").should().beFreeOfCycles().check(classes);
    }

    @Test
    @DisplayName("the API packages never depend on the implementation (only PortalBuilder constructs it)")
    void apiDoesNotDependOnInternal() {
        noClasses().that(inApiPackage()).and().doNotHaveFullyQualifiedName(PortalBuilder.class.getName())
                .should().dependOnClassesThat().resideInAPackage("org.patientportal.core.internal..")
                .check(classes);
    }

    @Test
    @DisplayName("a public class in an API package is an interface, record, enum, exception or annotation, or allow-listed")
    void apiHasNoPublicImplementationClass() {
        ArchRule rule = classes().that(inApiPackage()).and().arePublic().and().areTopLevelClasses()
                .should(new ArchCondition<JavaClass>("be an interface, record, enum, exception or annotation") {
                    @Override
                    public void check(JavaClass type, ConditionEvents events) {
                        boolean fine = type.isInterface() || type.isEnum() || type.isAnnotation()
                                || type.isRecord()
                                || type.isAssignableTo(RuntimeException.class)
                                || API_CLASSES.contains(type.getName());
                        if (!fine) {
                            events.add(SimpleConditionEvent.violated(type, type.getName()
                                    + " is a public class in an API package: move it under core.internal"));
                        }
                    }
                });
        rule.check(classes);
    }

    @Test
    @DisplayName("no public method of the API takes or returns an SPI storage row with a version")
    void apiNeverHandsOutVersionedRows() {
        ArchRule rule = methods().that().areDeclaredInClassesThat(inApiPackage()).and().arePublic()
                .should(new ArchCondition<JavaMethod>("neither take nor return an SPI row with a version") {
                    @Override
                    public void check(JavaMethod method, ConditionEvents events) {
                        List<JavaClass> types = new ArrayList<>();
                        types.addAll(method.getReturnType().getAllInvolvedRawTypes());
                        method.getParameterTypes().forEach(p -> types.addAll(p.getAllInvolvedRawTypes()));
                        for (JavaClass type : types) {
                            if (isVersionedRow(type)) {
                                events.add(SimpleConditionEvent.violated(method, method.getFullName()
                                        + " uses the storage row " + type.getName()
                                        + ": give it a view or result record"));
                            }
                        }
                    }
                });
        rule.check(classes);
    }

    @Test
    @DisplayName("the storage-row rule sees the rows it is meant to catch")
    void versionedRowRuleSeesRows() {
        org.assertj.core.api.Assertions.assertThat(isVersionedRow(classes.get("org.patientportal.model.Appointment")))
                .isTrue();
        org.assertj.core.api.Assertions.assertThat(isVersionedRow(classes.get("org.patientportal.model.PatientId")))
                .isFalse();
    }

    /** Public top-level classes that are neither interfaces, records, enums nor exceptions, by design. */
    private static final Set<String> API_CLASSES = Set.of(
            "org.patientportal.core.Portal",
            "org.patientportal.core.PortalBuilder",
            "org.patientportal.core.Actor",
            "org.patientportal.core.auth.PasswordHashing",
            "org.patientportal.core.notifications.NotificationKinds",
            // the factory of the SDK's own urgency screener
            "org.patientportal.core.messaging.UrgencyScreeners");

    private static DescribedPredicate<JavaClass> inApiPackage() {
        return new DescribedPredicate<>("reside in an API package of core") {
            @Override
            public boolean test(JavaClass type) {
                String name = type.getPackageName();
                return (name.equals("org.patientportal.core") || name.startsWith("org.patientportal.core."))
                        && !name.equals("org.patientportal.core.internal")
                        && !name.startsWith("org.patientportal.core.internal.");
            }
        };
    }

    private static boolean isVersionedRow(JavaClass type) {
        return type.getPackageName().startsWith("org.patientportal.model") && type.isRecord()
                && type.getAllFields().stream().anyMatch(f -> f.getName().equals("version")
                        && !f.getModifiers().contains(JavaModifier.STATIC));
    }
}
