package org.patientportal.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.constraints.NotBlank;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.LocalDate;
import org.hibernate.jpa.HibernatePersistenceConfiguration;
import org.hibernate.tool.schema.Action;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.patientportal.core.Actor;
import org.patientportal.core.InvalidRequestException;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.jdbc.JdbcStorage;

/**
 * A host application on Hibernate ORM 7 adds the SDK to its class path. Hibernate ORM, at the
 * default validation mode, builds the default Jakarta Validation factory at start-up, whose message
 * interpolator needs an Expression Language implementation: portal-core brings Hibernate Validator,
 * so it brings one too (Expressly), or the host would no longer start (HV000183).
 */
class HibernateHostTest {

    /** The host's one entity. */
    @Entity(name = "Note")
    public static class Note {
        @Id
        @GeneratedValue
        Long id;

        @NotBlank
        String text;

        /** For Hibernate. */
        protected Note() {
        }

        Note(String text) {
            this.text = text;
        }
    }

    @Test
    @DisplayName("a Hibernate ORM 7 host at the default validation mode starts and validates beside the SDK")
    void hostStartsBesideTheSdk() {
        try (EntityManagerFactory host = new HibernatePersistenceConfiguration("clinic-host")
                .managedClass(Note.class)
                .jdbcUrl("jdbc:h2:mem:clinic-host;DB_CLOSE_DELAY=-1")
                .schemaToolingAction(Action.CREATE_DROP)
                .createEntityManagerFactory()) {

            Long id = host.callInTransaction(em -> {
                Note note = new Note("bring the insurance card");
                em.persist(note);
                return note.id;
            });
            String text = host.callInTransaction(em -> em.find(Note.class, id).text);
            assertThat(text).isEqualTo("bring the insurance card");
            // Bean Validation is active in the host, with the default (EL) message interpolation.
            assertThatThrownBy(() -> host.runInTransaction(em -> em.persist(new Note(" "))))
                    .rootCause()
                    .isInstanceOf(ConstraintViolationException.class)
                    .hasMessageContaining("must not be blank");

            assertSdkWorks();
        }
    }

    private static void assertSdkWorks() {
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:mem:portal-beside-host;DB_CLOSE_DELAY=-1");
        byte[] secretKey = new byte[32];
        new SecureRandom().nextBytes(secretKey);
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             JdbcStorage storage = JdbcStorage.create(dataSource)) {
            Portal portal = Portal.builder()
                    .storage(storage)
                    .secretKey(secretKey)
                    .notificationSender(new ConsoleNotificationSender(
                            new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8)))
                    .build();
            Actor frontDesk = Actor.staff("desk-1", Role.FRONT_DESK);

            assertThat(portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "MRN-1", "Ana", "Lee", LocalDate.of(1990, 1, 2), "1234", "ana@example.org", null)))
                    .isNotNull();
            assertThatThrownBy(() -> portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    " ", "Ana", "Lee", LocalDate.of(1990, 1, 2), "12345", null, null)))
                    .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.violations())
                            .extracting(InvalidRequestException.Violation::path)
                            .contains("mrn", "ssnLast4"));
        }
    }
}
