package org.patientportal.core.audit;

import java.util.List;
import org.patientportal.core.Actor;
import org.patientportal.core.auth.Session;
import org.patientportal.core.enrollment.EnrollmentFixture;
import org.patientportal.core.enrollment.SignedUp;
import org.patientportal.model.Delivery;
import org.patientportal.model.PatientId;

/** What the suites of staff reads and of the patient's access log share: enrolled, logged-in patients. */
abstract class AuditFixture extends EnrollmentFixture {

    /** A patient with an account, logged in. */
    record Member(PatientId patient, Actor actor) {
    }

    Member member() {
        PatientId patient = register();
        String username = unique("user");
        SignedUp signedUp = enrollment().signUp(signUp(issue(patient, Delivery.IN_PERSON).value(), username));
        Session session = portal.auth().logIn(username, PASSWORD);
        Actor actor = portal.auth().authenticate(session.token());
        if (!signedUp.patientId().equals(patient)) {
            throw new AssertionError("signed up someone else");
        }
        return new Member(patient, actor);
    }

    /** The READ events of {@code staff} in {@code category} on the patient's chain. */
    List<String> readsBy(PatientId patient, Actor staff, String category) {
        String staffId = staff.staffId().orElseThrow();
        return events(patient).stream()
                .filter(e -> e.action() == org.patientportal.model.AuditAction.READ && e.category().equals(category)
                        && e.actor().id().equals(staffId))
                .map(e -> e.actor().role() + ":" + e.outcome())
                .toList();
    }
}
