package org.patientportal.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.Role;
import org.patientportal.core.audit.AuditVerification;
import org.patientportal.core.auth.ChangePassword;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.ActivationCode;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.jdbc.JdbcStorage;
import org.patientportal.model.AuditEvent;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/**
 * A clinic's day on the embedded default (JDBC storage on an H2 file database), played through
 * the public API the way a clinic's application would: the front desk registers a patient and
 * prints an enrollment letter with an activation code, the patient signs up, logs in, is
 * authenticated on a request, changes the password and logs out; an administrator then reads the
 * patient's audit trail and verifies the chains.
 *
 * <p>Run it with {@code mvn -q -pl examples -am -DskipTests -Pclinic-day verify}.
 */
public final class ClinicDay {

    private ClinicDay() {
    }

    /**
     * Plays the day.
     *
     * @param args optional folder for the H2 database (default {@code target/clinic-day-db})
     */
    public static void main(String[] args) {
        Path folder = Paths.get(args.length > 0 ? args[0] : "target/clinic-day-db");
        run(folder, System.out);
    }

    /**
     * Plays the day on a fresh H2 database in {@code folder}, printing to {@code out}.
     *
     * @return the audit trail of the day's patient
     */
    public static List<AuditEvent> run(Path folder, PrintStream out) {
        deleteRecursively(folder);
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl("jdbc:h2:file:" + folder.toAbsolutePath().resolve("portal"));
        pool.setMaximumPoolSize(4);
        try (HikariDataSource dataSource = new HikariDataSource(pool);
             JdbcStorage storage = JdbcStorage.create(dataSource)) {

            // The host owns its secret key (a secret store in production); the demo makes one.
            byte[] secretKey = new byte[32];
            new SecureRandom().nextBytes(secretKey);

            Portal portal = Portal.builder()
                    .storage(storage)
                    .secretKey(secretKey)
                    .notificationSender(new ConsoleNotificationSender(out))
                    .clock(Clock.systemUTC())
                    .build();

            Actor frontDesk = Actor.staff("desk-17", Role.FRONT_DESK);
            Actor admin = Actor.staff("admin-2", Role.ADMIN);

            out.println("== A clinic's day on the Portal SDK (JDBC on H2 at " + folder + ")");
            PatientId patient = portal.enrollment().registerPatient(frontDesk, new RegisterPatient(
                    "MRN-000451", "Dana", "Rivers", LocalDate.of(1984, 2, 29), "1234",
                    "dana.rivers@example.org", "+15555550123"));
            out.println("08:02 front desk registered patient " + patient);

            ActivationCode code = portal.enrollment().issueActivationCode(frontDesk, patient, Delivery.LETTER);
            out.println("08:03 front desk printed an enrollment letter; its code expires " + code.expiresAt());

            SignedUp signedUp = portal.enrollment().signUp(new SignUp(
                    code.value(), "1234", LocalDate.of(1984, 2, 29),
                    "drivers", "correct horse battery staple", "signup-" + patient));
            out.println("19:40 patient signed up: account " + signedUp.accountId());

            Session session = portal.auth().logIn("drivers", "correct horse battery staple");
            out.println("19:41 patient logged in: session " + session.id() + ", idle timeout at " + session.idleExpiresAt());

            Actor me = portal.auth().authenticate(session.token());
            out.println("19:42 a request was authenticated as account " + me.accountId().orElseThrow()
                    + " for patient " + me.patientId().orElseThrow());

            portal.auth().changePassword(me, new ChangePassword(
                    "correct horse battery staple", "a much longer passphrase for the portal"));
            out.println("19:45 patient changed the password; every session was revoked");

            Session again = portal.auth().logIn("drivers", "a much longer passphrase for the portal");
            portal.auth().logOut(again.token());
            out.println("19:46 patient logged in with the new password and logged out");

            List<AuditEvent> trail = portal.audit().trail(admin, patient, 0, 100);
            out.println("== Audit trail of patient " + patient + " (" + trail.size() + " events)");
            for (AuditEvent event : trail) {
                out.printf("#%-3d %s %-9s %-28s %-7s %-8s by %s %s%n",
                        event.sequence(), event.occurredAt(), event.action(), event.category(),
                        event.outcome(), event.actor().kind(), event.actor().id(),
                        event.actor().role() == null ? "" : "(" + event.actor().role() + ")");
            }
            AuditVerification verification = portal.audit().verify();
            out.println("== audit().verify(): " + (verification.intact() ? "every chain intact" : "BROKEN " + verification.brokenChains())
                    + " (" + verification.eventsChecked() + " events checked)");
            return trail;
        }
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
