package org.patientportal.core.testing;

import java.util.Locale;
import java.util.Map;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.patientportal.core.Actor;
import org.patientportal.core.Portal;
import org.patientportal.core.PortalBuilder;
import org.patientportal.core.Role;
import org.patientportal.core.enrollment.RegisterPatient;
import org.patientportal.core.enrollment.SignUp;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;
import org.patientportal.spi.storage.PortalStorage;
import org.patientportal.tck.RecordingNotificationSender;

/**
 * The lifecycle a capability's suites share: one storage of the adapter under test per run of a
 * suite class (each suite runs once per {@link StorageKind} with {@link OnEveryStorage}), and per
 * test a fresh {@link MutableClock}, {@link RecordingNotificationSender} and portal over that
 * storage. A fixture extends this, keeps its own constants and helpers, and sets its portal's
 * options in {@link #configure(PortalBuilder)}.
 */
public abstract class PortalSuiteFixture {
    /**
     * The storage of each run of each suite class, shared by the run's tests (a new PostgreSQL
     * database per test would cost a third of a second each): opened by the run's first test, all
     * closed after the class. A per-instance lifecycle cannot hold it: JUnit does not inject the
     * {@code @Parameter} field into a {@code PER_CLASS} instance. Suites run one class at a time.
     */
    private static final Map<String, PortalStorage> SHARED = new ConcurrentHashMap<>();

    /** This test's clock. */
    protected MutableClock clock;
    /** The storage of this run of the suite class. */
    protected PortalStorage storage;
    /** What this test's portal sent. */
    protected RecordingNotificationSender sender;
    /** This test's portal over {@link #storage}. */
    protected Portal portal;

    /** The storage this run of the suite is on (injected by {@code @OnEveryStorage}). */
    @Parameter
    protected StorageKind storageKind;

    /** A new, empty storage of the adapter under test; one per run of a suite class. */
    protected PortalStorage newStorage() {
        return storageKind.create();
    }

    /** Closes every shared storage; runs after each suite class. */
    @AfterAll
    static void closeStorages() {
        SHARED.values().forEach(PortalStorage::close);
        SHARED.clear();
    }

    private PortalStorage shared() {
        return SHARED.computeIfAbsent(getClass().getName() + " on " + storageKind, key -> newStorage());
    }

    /** A fresh clock, sender and portal over the run's shared storage; runs before the subclass's own set-up. */
    @BeforeEach
    void createPortal() {
        clock = MutableClock.start();
        storage = shared();
        sender = new RecordingNotificationSender();
        portal = newPortal(storage);
    }

    /** Another portal (node) of this test over {@code over}, with this test's clock, sender and options. */
    protected Portal newPortal(PortalStorage over) {
        return configure(TestPortals.builder(over, clock, sender)).build();
    }

    /**
     * The options of the portals of this fixture (a policy, a screener) on {@code builder};
     * by default none.
     */
    protected PortalBuilder configure(PortalBuilder builder) {
        return builder;
    }

    private static final AtomicInteger MEMBERS = new AtomicInteger();
    private static final Actor ENROLLING_DESK = Actor.staff("suite-desk", Role.FRONT_DESK);

    /** A patient with an account, as {@link #signedUpMember} made them: their id and their authenticated actor. */
    protected record Member(PatientId patient, Actor actor) {
    }

    /**
     * A new patient, registered at the front desk, signed up with an in-person code and logged in;
     * {@code prefix} keeps MRNs and usernames apart from other suites' in the shared storage.
     */
    protected Member signedUpMember(String prefix) {
        int n = MEMBERS.incrementAndGet();
        LocalDate birthDate = LocalDate.of(1980, 5, 17);
        String password = "a long passphrase for the portal";
        PatientId patient = portal.enrollment().registerPatient(ENROLLING_DESK, new RegisterPatient(
                "MRN-" + prefix + "-" + n, "Ola", "Berg", birthDate, "4321", null, null));
        String code = portal.enrollment().issueActivationCode(ENROLLING_DESK, patient, Delivery.IN_PERSON).value();
        String username = prefix.toLowerCase(Locale.ROOT) + ".user" + n;
        portal.enrollment().signUp(new SignUp(code, "4321", birthDate, username, password, null));
        return new Member(patient, portal.auth().authenticate(portal.auth().logIn(username, password).token()));
    }
}
